import { bodyParser } from "@koa/bodyparser";
import type { Middleware } from "koa";
import { SandboxError } from "../errors.js";

/**
 * A JSON request body, parsed only on the routes that take one and only after their token check,
 * so strangers cannot make the service parse megabytes.
 */
export function jsonBody(limit: string): Middleware {
  const parse = bodyParser({
    enableTypes: ["json"],
    jsonLimit: limit,
    encoding: "utf-8",
    onError(err) {
      const status = (err as { status?: number }).status;
      if (status === 413) {
        throw new SandboxError(
          413,
          "validation",
          "body_too_large",
          `The request body is larger than ${limit}.`,
        );
      }
      throw new SandboxError(400, "validation", "malformed_json", "The request body is not valid JSON.");
    },
  });
  return async (ctx, next) => {
    if (!ctx.is("application/json")) {
      throw new SandboxError(
        415,
        "validation",
        "unsupported_media_type",
        "Send the request body as application/json.",
      );
    }
    await parse(ctx, next);
  };
}
