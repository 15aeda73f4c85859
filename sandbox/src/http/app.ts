import { bodyParser } from "@koa/bodyparser";
import Koa from "koa";
import type { Logger } from "pino";
import { SandboxError } from "../errors.js";
import type { Sandbox } from "../runner/sandbox.js";
import { requireServiceToken } from "./auth.js";
import { errorHandler } from "./errors.js";
import { requestId } from "./request-id.js";
import { sandboxRoutes } from "./routes.js";

export interface AppOptions {
  sandbox: Sandbox;
  token: string;
  logger: Logger;
  /** Largest accepted JSON body (test inputs can be large). */
  bodyLimit?: string;
}

/** Composes the sandbox service from middleware; each concern lives in its own module. */
export function createApp({ sandbox, token, logger, bodyLimit = "16mb" }: AppOptions): Koa {
  if (token.length < 16) throw new Error("SANDBOX_TOKEN must be at least 16 characters.");
  const app = new Koa();
  app.proxy = false;
  const router = sandboxRoutes(sandbox);
  const auth = requireServiceToken(token);
  app.use(requestId());
  app.use(async (ctx, next) => {
    const started = process.hrtime.bigint();
    await next();
    logger.info(
      {
        requestId: ctx.state.requestId,
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      },
      "request",
    );
  });
  app.use(errorHandler(logger));
  // Authenticate before reading a body, so strangers cannot make the service parse megabytes.
  app.use((ctx, next) => (ctx.path.startsWith("/v1/") ? auth(ctx, next) : next()));
  app.use(async (ctx, next) => {
    if (ctx.method === "POST" && !ctx.is("application/json")) {
      throw new SandboxError(
        415,
        "validation",
        "unsupported_media_type",
        "Send the request body as application/json.",
      );
    }
    await next();
  });
  app.use(
    bodyParser({
      enableTypes: ["json"],
      jsonLimit: bodyLimit,
      encoding: "utf-8",
      onError(err) {
        const status = (err as { status?: number }).status;
        if (status === 413) {
          throw new SandboxError(
            413,
            "validation",
            "body_too_large",
            `The request body is larger than ${bodyLimit}.`,
          );
        }
        throw new SandboxError(400, "validation", "malformed_json", "The request body is not valid JSON.");
      },
    }),
  );
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: false }));
  return app;
}
