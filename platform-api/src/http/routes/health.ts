import type { SandboxRunner } from "@codeground/sandbox";
import type Router from "@koa/router";
import type { Knex } from "knex";
import { newRouter } from "../router.js";

const SANDBOX_CHECK_TIMEOUT_MS = 2000;
const SANDBOX_CHECK_TTL_MS = 5000;

/**
 * `/healthz` (the process answers), `/readyz` (the database answers: 503 when not; `sandbox` says
 * whether code can run now, for the portal's banner, without making the API unready). `/metrics`
 * is `metricsRoutes`, behind its own token.
 */
export function healthRoutes({ db, sandbox }: { db: Knex; sandbox?: SandboxRunner }): Router {
  const router = newRouter();
  // Asked at most every few seconds, however many pages poll.
  let sandboxCheck: { at: number; result: Promise<boolean> } | undefined;
  const sandboxAvailable = (): Promise<boolean> => {
    if (!sandbox) return Promise.resolve(false);
    const now = Date.now();
    if (sandboxCheck && now - sandboxCheck.at < SANDBOX_CHECK_TTL_MS) return sandboxCheck.result;
    const result = Promise.race([
      sandbox.languages().then((list) => list.length > 0),
      new Promise<boolean>((resolve) => setTimeout(resolve, SANDBOX_CHECK_TIMEOUT_MS, false).unref()),
    ]).catch(() => false);
    sandboxCheck = { at: now, result };
    return result;
  };

  router.get("/healthz", (ctx) => {
    ctx.body = { status: "ok" };
  });
  router.get("/readyz", async (ctx) => {
    const [database, sandboxReady] = await Promise.all([
      db
        .raw("select 1")
        .then(() => true)
        .catch(() => false),
      sandboxAvailable(),
    ]);
    ctx.status = database ? 200 : 503;
    ctx.body = { ready: database, database, sandbox: sandboxReady };
  });
  return router;
}
