import { GradebookQuery } from "@codeground/sdk";
import type Router from "@koa/router";
import type { Courses, GradebookLive, GradebookService } from "../../services/courses/index.js";
import { STAFF } from "../../services/courses/index.js";
import { principalOf } from "../auth.js";
import { newRouter } from "../router.js";
import { openEventStream } from "../sse.js";
import { parse } from "../validate.js";

/** A course's gradebook for its staff: the grid, CSV, live changes, statistics, a learner's submissions. */
export function gradebookRoutes({
  courses,
  gradebook,
  live,
}: {
  courses: Courses;
  gradebook: GradebookService;
  live: GradebookLive;
}): Router {
  const router = newRouter();
  const id = (value: string | undefined) => value ?? "";

  router.get("/courses/:id/gradebook", async (ctx) => {
    await courses.assertRole(principalOf(ctx), id(ctx.params.id), STAFF);
    ctx.body = await gradebook.gradebook(id(ctx.params.id), parse(GradebookQuery, ctx.query));
  });

  router.get("/courses/:id/gradebook.csv", async (ctx) => {
    const course = await courses.get(principalOf(ctx), id(ctx.params.id));
    await courses.assertRole(principalOf(ctx), course.id, STAFF);
    const name =
      course.name
        .replace(/[^A-Za-z0-9._-]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 60) || "course";
    ctx.type = "text/csv; charset=utf-8";
    ctx.set("Content-Disposition", `attachment; filename="gradebook-${name}.csv"`);
    ctx.set("Cache-Control", "no-store");
    ctx.body = await gradebook.csv(course.id);
  });

  router.get("/courses/:id/gradebook/events", async (ctx) => {
    const courseId = id(ctx.params.id);
    await courses.assertRole(principalOf(ctx), courseId, STAFF);
    const stream = openEventStream(ctx);
    const stop = live.watch(courseId, (cell) => stream.send("cell", cell));
    stream.send("ready", { courseId });
    void stream.closed.then(stop);
  });

  router.get("/courses/:id/gradebook/statistics", async (ctx) => {
    await courses.assertRole(principalOf(ctx), id(ctx.params.id), STAFF);
    ctx.body = await gradebook.statistics(id(ctx.params.id));
  });

  router.get("/courses/:id/learners/:learnerId/submissions", async (ctx) => {
    await courses.assertRole(principalOf(ctx), id(ctx.params.id), STAFF);
    ctx.set("Cache-Control", "no-store");
    ctx.body = await gradebook.submissionsOf(id(ctx.params.id), id(ctx.params.learnerId));
  });

  return router;
}
