import type Router from "@koa/router";
import type { Feedback } from "../../services/tutor/feedback.js";
import { principalOf } from "../auth.js";
import { fail } from "../errors.js";
import { newRouter } from "../router.js";

/** AI feedback on your own judged submission, paid with your feedback key. */
export function feedbackRoutes({ feedback }: { feedback: Feedback }): Router {
  const router = newRouter();

  router.post("/submissions/:id/feedback", async (ctx) => {
    if (!ctx.state.principal && ctx.state.learner) {
      throw fail.authorization(
        "account_required",
        "Feedback is paid with your own AI key; sign in to Codeground to ask for it.",
      );
    }
    const principal = principalOf(ctx, "write");
    ctx.status = 201;
    ctx.body = await feedback.generate(principal, ctx.params.id ?? "");
  });

  return router;
}
