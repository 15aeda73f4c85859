import { ExecutionRequest, SubmitRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import type { Executions } from "../../services/judging/executions.js";
import { codeActorOf } from "../actor.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

/** Synchronous runs: a problem's sample tests, and free-form programs. */
export function executionRoutes({ executions }: { executions: Executions }): Router {
  const router = newRouter();

  router.post("/problems/:slug/run", async (ctx) => {
    const actor = codeActorOf(ctx, "write");
    ctx.body = await executions.runSamples(actor, ctx.params.slug ?? "", body(ctx, SubmitRequest));
  });

  router.post("/executions", async (ctx) => {
    const actor = codeActorOf(ctx, "write");
    ctx.body = await executions.execute(actor, body(ctx, ExecutionRequest));
  });

  return router;
}
