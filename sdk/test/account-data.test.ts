import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthenticationError, ConflictError, NotFoundError, PermissionError } from "../src/index.js";
import { newAccount, PASSWORD, startTestApi, type TestApi } from "./support/api.js";

describe("the SDK's account data", () => {
  let api: TestApi;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ api, close } = await startTestApi());
  });
  afterAll(async () => {
    await close?.();
  });

  it("exports the account, then deletes it with the password (a course others teach in first handed over)", async () => {
    const { cg, email } = await newAccount(api);
    const data = await cg.me.export();
    expect(data.profile).toMatchObject({ email });
    expect(data.auditLog.map((a) => a.action)).toContain("account.exported");

    const colleague = await newAccount(api);
    const course = await cg.courses.create({ name: "Shared" });
    const invitation = await cg.courses.invite(course.id, colleague.email, "instructor");
    await colleague.cg.courses.invitations.accept(invitation.token);
    const refused = await cg.me.delete({ password: PASSWORD }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).code).toBe("owns_courses");
    expect((refused as ConflictError).details).toEqual({ courses: [{ id: course.id, name: "Shared" }] });

    await cg.courses.members.update(course.id, colleague.session.user.id, { role: "owner" });
    const wrong = await cg.me.delete({ password: "not it" }).catch((err: unknown) => err);
    expect(wrong).toBeInstanceOf(AuthenticationError);
    await cg.me.delete({ password: PASSWORD });
    await expect(cg.me.get()).rejects.toBeInstanceOf(AuthenticationError);
    expect((await colleague.cg.courses.get(course.id)).role).toBe("owner");
  });

  it("erases a learner from a course for its owner, not for its learners", async () => {
    const owner = await newAccount(api);
    const learner = await newAccount(api);
    const course = await owner.cg.courses.create({ name: "Erasable" });
    await learner.cg.courses.join(course.joinCode ?? "");
    const learnerId = learner.session.user.id;

    const forbidden = await learner.cg.courses
      .eraseLearner(course.id, learnerId)
      .catch((err: unknown) => err);
    expect(forbidden).toBeInstanceOf(PermissionError);
    await owner.cg.courses.eraseLearner(course.id, `user:${learnerId}`);
    expect((await owner.cg.courses.members.list(course.id)).map((m) => m.role)).toEqual(["owner"]);
    const again = await owner.cg.courses.eraseLearner(course.id, learnerId).catch((err: unknown) => err);
    expect(again).toBeInstanceOf(NotFoundError);
  });
});
