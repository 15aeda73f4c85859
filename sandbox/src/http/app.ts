import Koa from "koa";
import type { Logger } from "pino";
import type { Sandbox } from "../runner/sandbox.js";
import { requireServiceToken } from "./auth.js";
import { jsonBody } from "./body.js";
import { errorHandler } from "./errors.js";
import { requestId } from "./request-id.js";
import { sandboxRoutes } from "./routes.js";

export interface AppOptions {
  sandbox: Sandbox;
  token: string;
  /** Also accepted while the token is rotated (SANDBOX_PREVIOUS_TOKEN). */
  previousToken?: string;
  logger: Logger;
  /** Largest accepted JSON body (test inputs can be large). */
  bodyLimit?: string;
}

/** Composes the sandbox service from middleware; each concern lives in its own module. */
export function createApp({ sandbox, token, previousToken, logger, bodyLimit = "16mb" }: AppOptions): Koa {
  if (token.length < 16) throw new Error("SANDBOX_TOKEN must be at least 16 characters.");
  if (previousToken !== undefined && previousToken.length < 16)
    throw new Error("SANDBOX_PREVIOUS_TOKEN must be at least 16 characters.");
  const app = new Koa();
  app.proxy = false;
  const router = sandboxRoutes(sandbox, {
    auth: requireServiceToken(token, previousToken),
    body: jsonBody(bodyLimit),
  });
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
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: false }));
  return app;
}
