import { mkdtemp, readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalKms, createVault } from "../src/kms/index.js";
import { createMailer, MAIL_MAX_ATTEMPTS } from "../src/services/mail/mailer.js";
import { renderMail } from "../src/services/mail/render.js";
import { outboxTransport, smtpTransport } from "../src/services/mail/transport.js";
import { fakeClock } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";
import { startSmtp, type TestSmtp } from "./support/smtp.js";

const link = "http://portal.codeground.test/reset-password?token=cgr_secret-link-token-0123456789";

describe.each(databases)("the mail queue on $name", (target) => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  const logs: string[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void logs.push(line) });
  let secrets: ReturnType<typeof createVault>;

  beforeAll(async () => {
    database = await target.create();
    smtp = await startSmtp();
    secrets = createVault(await createLocalKms({ dir: await mkdtemp(path.join(os.tmpdir(), "cg-kms-")) }));
  });
  afterAll(async () => {
    await smtp?.close();
    await database?.destroy();
  });

  /** A mailer on this suite's database and vault, sending through `smtpUrl` (the loopback server). */
  const mailerFor = (
    clock: ReturnType<typeof fakeClock>,
    {
      smtpUrl = smtp.url,
      from = "no-reply@codeground.test",
      random,
    }: { smtpUrl?: string; from?: string; random?: () => number } = {},
  ) =>
    createMailer({
      db: database.knex,
      secrets,
      clock,
      logger,
      transport: smtpTransport(smtpUrl),
      from,
      ...(random ? { random } : {}),
    });

  it("sends through SMTP with authentication: a text part and an HTML part, the link in both, the body sealed until sent", async () => {
    const clock = fakeClock();
    const mailer = mailerFor(clock, { from: "Codeground <no-reply@codeground.test>" });
    await mailer.send({ kind: "password_reset", to: "Ada@Example.com", link });
    // Queued first, sealed: the link is nowhere in the row.
    const row = await database.knex("mail_outbox").first();
    expect(JSON.stringify(row)).not.toContain("secret-link-token");
    const mail = await smtp.waitFor("ada@example.com");
    expect(mail.subject).toBe("Reset your Codeground password");
    expect(mail.from).toBe("no-reply@codeground.test");
    expect(mail.links).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.parsed.headers.get("content-type")).toMatchObject({ value: "multipart/alternative" });
    await mailer.drain();
    const sent = await database.knex("mail_outbox").where({ id: row.id }).first();
    expect(sent).toMatchObject({ status: "sent", sealed: null, attempts: 1 });
    expect(logs.join("")).not.toContain("secret-link-token");
    await mailer.stop();
  });

  it("keeps a message while the server is down, retries with backoff, and sends it once the server is back", async () => {
    const clock = fakeClock();
    const mailer = mailerFor(clock, { random: () => 0.5 });
    smtp.down();
    const { id } = await mailer.send({ kind: "verify_email", to: "down@example.com", link });
    await mailer.drain();
    let row = await database.knex("mail_outbox").where({ id }).first();
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.last_error).toContain("421");
    expect(row.sealed).not.toBeNull();
    // Not due yet: nothing is tried again before the backoff.
    await mailer.drain();
    expect((await database.knex("mail_outbox").where({ id }).first()).attempts).toBe(1);
    clock.advance(31_000);
    await mailer.drain();
    row = await database.knex("mail_outbox").where({ id }).first();
    expect(row).toMatchObject({ status: "pending", attempts: 2 });
    smtp.up();
    clock.advance(61_000);
    await mailer.drain();
    expect(await database.knex("mail_outbox").where({ id }).first()).toMatchObject({ status: "sent" });
    expect(smtp.to("down@example.com")).toHaveLength(1);
    await mailer.stop();
  });

  it("gives up after the last try, and drops the words (with their link)", async () => {
    const clock = fakeClock();
    const mailer = mailerFor(clock, { smtpUrl: smtp.wrongPasswordUrl });
    const { id } = await mailer.send({ kind: "verify_email", to: "never@example.com", link });
    for (let i = 0; i < MAIL_MAX_ATTEMPTS; i++) {
      await mailer.drain();
      clock.advance(3 * 3600_000);
    }
    const row = await database.knex("mail_outbox").where({ id }).first();
    expect(row).toMatchObject({ status: "failed", attempts: MAIL_MAX_ATTEMPTS, sealed: null });
    expect(row.last_error).toContain("EAUTH");
    expect(logs.join("")).not.toContain("not-the-password");
    await mailer.stop();
  });

  it("refuses a recipient that is not one plain address: header injection, two addresses, a display name", async () => {
    const mailer = mailerFor(fakeClock());
    const before = await database.knex("mail_outbox").count({ n: "*" }).first();
    for (const to of [
      "victim@example.com\r\nBcc: everyone@example.com",
      "a@example.com, b@example.com",
      "Ada <ada@example.com>",
      "ada@example.com\nSubject: hi",
      "",
    ]) {
      await expect(mailer.send({ kind: "verify_email", to, link })).rejects.toMatchObject({
        status: 400,
        code: "invalid_address",
      });
    }
    expect(await database.knex("mail_outbox").count({ n: "*" }).first()).toEqual(before);
    await mailer.stop();
  });
});

describe("the outbox without SMTP", () => {
  it("writes each message as an .eml file a developer can open", async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), "cg-outbox-")), "outbox");
    const transport = outboxTransport(dir);
    await transport.send(
      {
        to: "dev@example.com",
        subject: "Hello",
        text: `Open ${link}`,
        html: "<p>hi</p>",
        messageId: "<1@cg>",
      },
      "Codeground <no-reply@codeground.test>",
    );
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const parsed = await simpleParser(await readFile(path.join(dir, files[0] as string)));
    expect(parsed.subject).toBe("Hello");
    expect(parsed.text).toContain(link);
  });
});

describe("rendering", () => {
  it("puts a course name with a line break on one subject line, and escapes it in the HTML", async () => {
    const mail = await renderMail("course_invitation", {
      to: "ta@example.com",
      link,
      params: { course: "Intro\r\nBcc: x@example.com <b>", inviter: "Ada", role: { key: "role.ta" } },
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain("Intro Bcc: x@example.com <b>");
    expect(mail.html).toContain("Intro Bcc: x@example.com &lt;b&gt;");
    expect(mail.text.split("\n")[0]).toBe(
      "Ada invited you to join the course Intro Bcc: x@example.com <b> as a teaching assistant.",
    );
    expect(mail.html).not.toContain("<b>");
    expect(mail.text).toContain("a teaching assistant");
  });
});
