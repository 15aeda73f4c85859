import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { configFromEnv } from "../src/config.js";
import { mailTransportFromConfig } from "../src/services/mail/transport.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "cg-mail-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    configFromEnv(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("configFromEnv accepted the settings");
}

describe("mail settings", () => {
  it("defaults to no SMTP server and a Codeground sender", () => {
    const config = configFromEnv({});
    expect(config.mail).toEqual({ from: "Codeground <no-reply@codeground.invalid>" });
  });

  it("reads SMTP_URL (smtp or smtps) and MAIL_FROM, and SMTP_URL from a file", () => {
    expect(configFromEnv({ SMTP_URL: "smtps://u:p@mail.example.com:465" }).mail.smtpUrl).toBe(
      "smtps://u:p@mail.example.com:465",
    );
    const file = path.join(dir, "smtp_url");
    writeFileSync(file, "smtp://mailer:s3cret-smtp@mail.example.com:587\n", { mode: 0o400 });
    expect(configFromEnv({ SMTP_URL_FILE: file }).mail.smtpUrl).toBe(
      "smtp://mailer:s3cret-smtp@mail.example.com:587",
    );
    expect(configFromEnv({ MAIL_FROM: "Course Team <team@school.example>" }).mail.from).toBe(
      "Course Team <team@school.example>",
    );
    expect(configFromEnv({ MAIL_FROM: "team@school.example" }).mail.from).toBe("team@school.example");
  });

  it("refuses an SMTP_URL of another scheme, without echoing its password", () => {
    const message = refusal({ SMTP_URL: "http://u:hunter2-pass@mail.example.com" });
    expect(message).toContain("SMTP_URL");
    expect(message).not.toContain("hunter2-pass");
  });

  it("refuses a MAIL_FROM that would add a header, or names two senders", () => {
    for (const from of [
      "Codeground <a@example.com>\r\nBcc: all@example.com",
      "a@example.com\nX-Evil: 1",
      "a@example.com, b@example.com",
      "Codeground",
    ]) {
      expect(refusal({ MAIL_FROM: from })).toContain("MAIL_FROM");
    }
  });

  it("says in one log line where mail goes, never the SMTP password", () => {
    const lines: string[] = [];
    const logger = pino(
      { level: "info" },
      new Writable({
        write(chunk, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const outbox = path.join(dir, "outbox");
    mailTransportFromConfig({ outboxDir: outbox }, logger).close();
    mailTransportFromConfig(
      { smtpUrl: "smtp://mailer:s3cret-smtp@127.0.0.1:2525", outboxDir: outbox },
      logger,
    ).close();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`mail is written to ${outbox} as .eml files`);
    expect(lines[1]).toContain("SMTP smtp://127.0.0.1:2525");
    expect(lines.join("")).not.toContain("s3cret-smtp");
    // The folder is made when the first message is written, not before.
    expect(readdirSync(dir)).not.toContain("outbox");
  });
});
