import { CreateAssignmentRequest, UpdateAssignmentRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import type { Context } from "koa";
import type { AssignmentAttempts, Assignments } from "../../services/courses/index.js";
import { codeActorOf } from "../actor.js";
import { metaOf, principalOf } from "../auth.js";
import { fail } from "../errors.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

/** A signed-in member to change assignments: a learner session never does. */
function editorOf(ctx: Context) {
  if (!ctx.state.principal && ctx.state.learner) {
    throw fail.authorization(
      "course_role_required",
      "Only a course's owner or instructors change its assignments; a learner session cannot.",
    );
  }
  return principalOf(ctx, "write");
}

/**
 * Assignments of a course (`/courses/:id/assignments`), one assignment (`/assignments/:id`), and a
 * learner's timed attempt at it. The learner-facing routes take learner tokens too.
 */
export function assignmentRoutes({
  assignments,
  attempts,
}: {
  assignments: Assignments;
  attempts: AssignmentAttempts;
}): Router {
  const router = newRouter();
  const id = (value: string | undefined) => value ?? "";

  router.post("/courses/:id/assignments", async (ctx) => {
    const principal = principalOf(ctx, "write");
    const input = body(ctx, CreateAssignmentRequest);
    const created = await assignments.create(principal, id(ctx.params.id), input, metaOf(ctx));
    ctx.status = 201;
    ctx.set("Location", `/api/v1/assignments/${created.id}`);
    ctx.body = created;
  });

  router.get("/courses/:id/assignments", async (ctx) => {
    ctx.body = await assignments.list(principalOf(ctx), id(ctx.params.id));
  });

  router.get("/assignments/:id", async (ctx) => {
    ctx.body = await assignments.get(codeActorOf(ctx), id(ctx.params.id));
  });

  router.patch("/assignments/:id", async (ctx) => {
    const principal = editorOf(ctx);
    const input = body(ctx, UpdateAssignmentRequest);
    ctx.body = await assignments.update(principal, id(ctx.params.id), input, metaOf(ctx));
  });

  router.delete("/assignments/:id", async (ctx) => {
    await assignments.remove(editorOf(ctx), id(ctx.params.id), metaOf(ctx));
    ctx.status = 204;
  });

  router.post("/assignments/:id/attempts", async (ctx) => {
    const { attempt, created } = await attempts.start(codeActorOf(ctx, "write"), id(ctx.params.id));
    ctx.status = created ? 201 : 200;
    ctx.body = attempt;
  });

  router.get("/assignments/:id/attempt", async (ctx) => {
    ctx.body = await attempts.mine(codeActorOf(ctx), id(ctx.params.id));
  });

  return router;
}
