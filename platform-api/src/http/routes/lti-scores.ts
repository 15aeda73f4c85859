import type Router from "@koa/router";
import { type Courses, STAFF } from "../../services/courses/index.js";
import type { LtiScores } from "../../services/lti/lti-scores.js";
import { principalOf } from "../auth.js";
import { newRouter } from "../router.js";

/** Grade passback as a course's staff see it: the scores sent (or being sent) to the LMS. */
export function ltiScoreRoutes({
  courses,
  scores,
}: {
  courses: Courses;
  scores: Pick<LtiScores, "list">;
}): Router {
  const router = newRouter();

  router.get("/courses/:id/lti/score-deliveries", async (ctx) => {
    const courseId = ctx.params.id ?? "";
    await courses.assertRole(principalOf(ctx), courseId, STAFF);
    ctx.set("Cache-Control", "no-store");
    ctx.body = await scores.list(courseId);
  });

  return router;
}
