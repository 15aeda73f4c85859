import {
  CreateCourseRequest,
  CreateEmbedRequest,
  CreateInvitationRequest,
  JoinCourseRequest,
  UpdateCourseRequest,
  UpdateMemberRequest,
} from "@codeground/sdk";
import type Router from "@koa/router";
import { requireVerifiedEmail } from "../../services/accounts/email-verification.js";
import type { CourseMembers, Courses, Invitations } from "../../services/courses/index.js";
import { EDITORS, STAFF } from "../../services/courses/index.js";
import type { Embeds } from "../../services/embeds/embeds.js";
import { metaOf, principalOf } from "../auth.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

/** Courses, their members and invitations, and the embeds that belong to them (`/courses`). */
export function courseRoutes({
  courses,
  members,
  invitations,
  embeds,
}: {
  courses: Courses;
  members: CourseMembers;
  invitations: Invitations;
  embeds: Embeds;
}): Router {
  const router = newRouter();
  const id = (value: string | undefined) => value ?? "";

  router.get("/courses", async (ctx) => {
    ctx.body = await courses.list(principalOf(ctx));
  });

  router.post("/courses", async (ctx) => {
    const principal = principalOf(ctx, "write");
    requireVerifiedEmail(principal);
    ctx.status = 201;
    ctx.body = await courses.create(principal, body(ctx, CreateCourseRequest), metaOf(ctx));
  });

  // Before `/courses/:id`, which would otherwise take "join" for an id.
  router.post("/courses/join", async (ctx) => {
    const principal = principalOf(ctx, "write");
    ctx.body = await courses.join(principal, body(ctx, JoinCourseRequest), metaOf(ctx));
  });

  router.get("/courses/:id", async (ctx) => {
    ctx.body = await courses.get(principalOf(ctx), id(ctx.params.id));
  });

  router.patch("/courses/:id", async (ctx) => {
    const principal = principalOf(ctx, "write");
    ctx.body = await courses.update(
      principal,
      id(ctx.params.id),
      body(ctx, UpdateCourseRequest),
      metaOf(ctx),
    );
  });

  router.delete("/courses/:id", async (ctx) => {
    await courses.remove(principalOf(ctx, "write"), id(ctx.params.id), metaOf(ctx));
    ctx.status = 204;
  });

  router.post("/courses/:id/join-code", async (ctx) => {
    ctx.body = await courses.rotateJoinCode(principalOf(ctx, "write"), id(ctx.params.id), metaOf(ctx));
  });

  router.get("/courses/:id/members", async (ctx) => {
    ctx.body = await members.list(principalOf(ctx), id(ctx.params.id));
  });

  router.patch("/courses/:id/members/:userId", async (ctx) => {
    const principal = principalOf(ctx, "write");
    const input = body(ctx, UpdateMemberRequest);
    ctx.body = await members.update(principal, id(ctx.params.id), id(ctx.params.userId), input, metaOf(ctx));
  });

  router.delete("/courses/:id/members/:userId", async (ctx) => {
    await members.remove(principalOf(ctx, "write"), id(ctx.params.id), id(ctx.params.userId), metaOf(ctx));
    ctx.status = 204;
  });

  router.post("/courses/:id/invitations", async (ctx) => {
    const principal = principalOf(ctx, "write");
    const input = body(ctx, CreateInvitationRequest);
    ctx.status = 201;
    ctx.set("Cache-Control", "no-store");
    ctx.body = await invitations.create(principal, id(ctx.params.id), input, metaOf(ctx));
  });

  router.get("/invitations/:token", async (ctx) => {
    principalOf(ctx);
    ctx.set("Cache-Control", "no-store");
    ctx.body = await invitations.preview(id(ctx.params.token));
  });

  router.post("/invitations/:token/accept", async (ctx) => {
    const principal = principalOf(ctx, "write");
    ctx.body = await invitations.accept(principal, id(ctx.params.token), metaOf(ctx));
  });

  router.get("/courses/:id/embeds", async (ctx) => {
    const principal = principalOf(ctx);
    await courses.assertRole(principal, id(ctx.params.id), STAFF);
    ctx.body = await embeds.listInCourse(id(ctx.params.id));
  });

  router.post("/courses/:id/embeds", async (ctx) => {
    const principal = principalOf(ctx, "write");
    requireVerifiedEmail(principal);
    const courseId = id(ctx.params.id);
    await courses.assertRole(principal, courseId, EDITORS);
    const created = await embeds.create(principal, body(ctx, CreateEmbedRequest), metaOf(ctx), { courseId });
    ctx.set("Cache-Control", "no-store");
    ctx.status = 201;
    ctx.body = created;
  });

  return router;
}
