import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, NotFoundError, PermissionError } from "../src/index.js";
import { newAccount, startTestApi, type TestApi } from "./support/api.js";

describe("cg.courses against the real platform API", () => {
  let api: TestApi;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ api, close } = await startTestApi());
  });
  afterAll(async () => {
    await close?.();
  });

  it("creates a course, invites a TA, lets a learner join, and makes an embed in it", async () => {
    const owner = await newAccount(api);
    const ta = await newAccount(api);
    const learner = await newAccount(api);

    const course = await owner.cg.courses.create({ name: "Data structures" });
    expect(course).toMatchObject({ name: "Data structures", role: "owner", joinCode: expect.any(String) });

    const invitation = await owner.cg.courses.invite(course.id, ta.email, "ta");
    expect(await ta.cg.courses.invitations.preview(invitation.token)).toMatchObject({
      courseName: "Data structures",
      role: "ta",
    });
    expect((await ta.cg.courses.invitations.accept(invitation.token)).role).toBe("ta");
    const reused = await ta.cg.courses.invitations.accept(invitation.token).catch((err: unknown) => err);
    expect(reused).toBeInstanceOf(ApiError);
    expect((reused as ApiError).status).toBe(410);

    const joined = await learner.cg.courses.join(course.joinCode ?? "");
    expect(joined).toMatchObject({ id: course.id, role: "learner" });
    expect(joined.joinCode).toBeUndefined();
    expect((await owner.cg.courses.members.list(course.id)).map((m) => m.role).sort()).toEqual([
      "learner",
      "owner",
      "ta",
    ]);

    const embed = await owner.cg.courses.createEmbed(course.id, {
      name: "Week 1",
      allowedOrigins: ["https://course.example.edu"],
    });
    expect(embed.courseId).toBe(course.id);
    expect((await ta.cg.courses.embeds(course.id)).map((e) => e.id)).toEqual([embed.id]);
    await expect(ta.cg.courses.update(course.id, { name: "Mine" })).rejects.toBeInstanceOf(PermissionError);
    await expect(
      learner.cg.courses.createEmbed(course.id, { name: "x", allowedOrigins: ["https://a.edu"] }),
    ).rejects.toBeInstanceOf(PermissionError);

    const stranger = await newAccount(api);
    await expect(stranger.cg.courses.get(course.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await owner.cg.courses.list()).map((c) => c.id)).toEqual([course.id]);
  });
});
