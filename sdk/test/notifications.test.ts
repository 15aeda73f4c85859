import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtp, type TestSmtp } from "../../platform-api/test/support/smtp.js";
import { ValidationError } from "../src/index.js";
import { newAccount, startTestApi, type TestApi } from "./support/api.js";

describe("the SDK's notification switches", () => {
  let api: TestApi;
  let close: () => Promise<void>;
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await startSmtp();
    ({ api, close } = await startTestApi({ smtpUrl: smtp.url }));
  });
  afterAll(async () => {
    await close?.();
    await smtp?.close();
  });

  it("reads the switches, turns one off, and the API then sends no such mail", async () => {
    const { cg, email } = await newAccount(api);
    expect(await cg.me.notifications()).toEqual({
      keyExpiring: true,
      tutorBudget: true,
      mfaDisabled: true,
      tokenCreated: true,
      newSignIn: true,
    });
    const updated = await cg.me.updateNotifications({ tokenCreated: false });
    expect(updated.tokenCreated).toBe(false);
    expect(updated.newSignIn).toBe(true);
    expect(await cg.me.notifications()).toEqual(updated);

    await cg.me.tokens.create({ name: "quiet", scopes: ["read"] });
    await cg.me.updateNotifications({ tokenCreated: true });
    await cg.me.tokens.create({ name: "told", scopes: ["read"] });
    await smtp.waitFor(email, (m) => m.subject === "A new access token was created: told");
    await api.app.mail.drain();
    expect(smtp.to(email).filter((m) => m.subject.includes("quiet"))).toHaveLength(0);
  });

  it("refuses an unknown switch with a ValidationError", async () => {
    const { cg } = await newAccount(api);
    const err = await cg.me.updateNotifications({ weeklyDigest: true } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).code).toBe("invalid_request");
  });
});
