import { bodyParser } from "@koa/bodyparser";
import type { Context, Middleware } from "koa";
import { parseAllDocuments } from "yaml";
import { ApiError } from "./errors.js";

/**
 * Problem documents carry hidden tests (generated ones reach about 1 MB each), so the routes that
 * take them accept bodies up to 32 MB instead of the API's 1 MB; import also takes YAML. Runs
 * before the API-wide body parser, which leaves a body parsed here alone.
 */
export const PROBLEM_BODY_LIMIT_MB = 32;
export const YAML_TYPES = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"];

const LARGE_BODY_ROUTES: [method: string, path: RegExp][] = [
  ["POST", /^\/api\/v1\/problems\/?$/],
  ["POST", /^\/api\/v1\/problems\/import\/?$/],
  ["PUT", /^\/api\/v1\/problems\/[^/]+\/?$/],
];
const isImport = (ctx: Context) => /^\/api\/v1\/problems\/import\/?$/.test(ctx.path);

export function problemBodies(): Middleware {
  const tooLarge = () =>
    new ApiError(
      413,
      "validation",
      "body_too_large",
      `The request body is larger than ${PROBLEM_BODY_LIMIT_MB} MB; import the problems in smaller batches.`,
    );
  const parser = bodyParser({
    enableTypes: ["json", "text"],
    extendTypes: { text: YAML_TYPES },
    jsonLimit: `${PROBLEM_BODY_LIMIT_MB}mb`,
    textLimit: `${PROBLEM_BODY_LIMIT_MB}mb`,
    onError(err) {
      if ((err as { status?: number }).status === 413) throw tooLarge();
      throw new ApiError(400, "validation", "malformed_json", "The request body is not valid JSON.");
    },
  });
  return async (ctx, next) => {
    const large = LARGE_BODY_ROUTES.some(([method, path]) => ctx.method === method && path.test(ctx.path));
    // Only a signed-in caller (identified upstream) gets the larger limit: no 32 MB for strangers,
    // who get the API-wide limit and then a 401.
    if (!large || !ctx.request.length || !ctx.state.principal) return next();
    const yaml = isImport(ctx) && Boolean(ctx.is(YAML_TYPES));
    if (!yaml && !ctx.is("application/json")) {
      throw new ApiError(
        415,
        "validation",
        "unsupported_media_type",
        isImport(ctx)
          ? "Send the problems as application/json, or as YAML with Content-Type: application/yaml."
          : "Send the request body as application/json.",
      );
    }
    await parser(ctx, async () => {});
    if (yaml) ctx.request.body = yamlBody(String(ctx.request.body ?? ""));
    return next();
  };
}

/** YAML import bodies: `problems: [...]`, a bare list of documents, or one document per `---` section. */
function yamlBody(text: string): unknown {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      throw new ApiError(
        400,
        "validation",
        "malformed_yaml",
        `The request body is not valid YAML: ${error.message.split("\n")[0]}`,
      );
    }
  }
  let values: unknown[];
  try {
    values = list.map((doc) => doc.toJS({ maxAliasCount: 100 }) as unknown);
  } catch {
    throw new ApiError(400, "validation", "malformed_yaml", "The YAML body uses too many aliases to expand.");
  }
  const parsed = values.length > 1 ? values : values[0];
  if (Array.isArray(parsed)) return { problems: parsed };
  return parsed ?? {};
}
