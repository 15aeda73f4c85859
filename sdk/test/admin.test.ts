import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionError,
  ValidationError,
} from "../src/index.js";
import { newAccount, startTestApi, type TestApi } from "./support/api.js";

describe("cg.admin.users against the real platform API", () => {
  let api: TestApi;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ api, close } = await startTestApi());
  });
  afterAll(async () => {
    await close?.();
  });

  it("lists and finds users, changes a role, disables and enables an account", async () => {
    const admin = await newAccount(api, "admin");
    const learner = await newAccount(api);

    const page = await admin.cg.admin.users.list({ q: learner.email });
    expect(page.items).toEqual([expect.objectContaining({ id: learner.session.user.id, disabledAt: null })]);
    expect(page.nextCursor).toBeNull();
    const everyone: string[] = [];
    for await (const user of admin.cg.admin.users.iterate({ limit: 1 })) everyone.push(user.email);
    expect(everyone).toEqual(expect.arrayContaining([admin.email, learner.email]));

    const author = await admin.cg.admin.users.update(learner.session.user.id, { role: "author" });
    expect(author.role).toBe("author");
    const disabled = await admin.cg.admin.users.update(learner.session.user.id, { disabled: true });
    expect(disabled.disabledAt).toEqual(expect.any(String));
    await expect(learner.cg.me.get()).rejects.toBeInstanceOf(AuthenticationError);
    const enabled = await admin.cg.admin.users.update(learner.session.user.id, { disabled: false });
    expect(enabled.disabledAt).toBeNull();
  });

  it("answers with typed errors: PermissionError, ConflictError, NotFoundError, ValidationError", async () => {
    const admin = await newAccount(api, "admin");
    const learner = await newAccount(api);
    await expect(learner.cg.admin.users.list()).rejects.toBeInstanceOf(PermissionError);
    await expect(
      admin.cg.admin.users.update(admin.session.user.id, { disabled: true }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(admin.cg.admin.users.update("no-such-user", { role: "author" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      admin.cg.admin.users.update(learner.session.user.id, { role: "owner" as "admin" }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
