import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { harvestSecrets } from "../../platform-api/test/support/leaks.js";
import { startSmtp, type TestSmtp } from "../../platform-api/test/support/smtp.js";
import { AuthenticationError, Codeground, ValidationError } from "../src/index.js";
import { newAccount, PASSWORD, startTestApi, type TestApi } from "./support/api.js";

describe("the SDK's password reset and profile", () => {
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

  const anonymous = () => new Codeground({ baseUrl: api.url });

  it("asks for a link, and sets a new password with it and a TOTP code", async () => {
    const { cg, email } = await newAccount(api);
    const { secret } = await cg.me.totp.setup();
    const totp = () => generate({ secret, epoch: Math.floor(api.clock.now() / 1000) });
    await cg.me.totp.enable({ code: await totp() });
    api.clock.advance(30_000);

    expect(await anonymous().auth.forgotPassword({ email })).toEqual({ status: "reset_sent" });
    expect(await anonymous().auth.forgotPassword({ email: "nobody@example.com" })).toEqual({
      status: "reset_sent",
    });
    await api.app.passwordReset.settled();
    const mail = await smtp.waitFor(email, (m) => m.links.some((l) => l.includes("/reset-password?token=")));
    const link = mail.links.find((l) => l.includes("/reset-password?token=")) as string;
    const token = new URL(link).searchParams.get("token") as string;
    harvestSecrets({ token });

    const password = "a brand new passphrase 42";
    const missing = await anonymous()
      .auth.resetPassword({ token, password })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AuthenticationError);
    expect((missing as AuthenticationError).code).toBe("second_factor_required");
    expect(await anonymous().auth.resetPassword({ token, password, code: await totp() })).toEqual({
      status: "password_changed",
    });
    await expect(cg.me.get()).rejects.toBeInstanceOf(AuthenticationError);
    const again = await anonymous()
      .auth.resetPassword({ token, password: PASSWORD })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ValidationError);
    expect((again as ValidationError).code).toBe("link_invalid");
    const login = await anonymous().auth.login({ email, password });
    expect(login.mfaRequired).toBe(true);
  });

  it("updates the display name and the mail language", async () => {
    const { cg } = await newAccount(api);
    const updated = await cg.me.update({ displayName: "Grace", locale: "es" });
    expect(updated).toMatchObject({ displayName: "Grace", locale: "es" });
    expect(await cg.me.get()).toMatchObject({ displayName: "Grace", locale: "es" });
    await expect(cg.me.update({ locale: "not a language" })).rejects.toBeInstanceOf(ValidationError);
  });
});
