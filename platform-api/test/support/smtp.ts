import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  /** The envelope's recipients, as the server was told them (RCPT TO). */
  rcpt: string[];
  from: string;
  parsed: ParsedMail;
  /** The whole message as it arrived. */
  raw: string;
  subject: string;
  text: string;
  html: string;
  /** Every http(s) link in the plain-text part. */
  links: string[];
}

/**
 * A real SMTP server on loopback (nodemailer's `smtp-server`), with authentication, receiving
 * every message; `down()` makes it refuse mail (a 421, as a server in trouble answers) until `up()`.
 */
export async function startSmtp({ user = "mailer", pass = "smtp-test-password-77" } = {}) {
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  let refusing = false;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === pass) callback(null, { user });
      else callback(new Error("Invalid username or password"));
    },
    onMailFrom(_address, _session, callback) {
      if (refusing) {
        const err = Object.assign(new Error("Service not available, try again later"), { responseCode: 421 });
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const parsed = await simpleParser(raw);
        const text = parsed.text ?? "";
        received.push({
          rcpt: session.envelope.rcptTo.map((r) => r.address),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          parsed,
          raw,
          subject: parsed.subject ?? "",
          text,
          html: typeof parsed.html === "string" ? parsed.html : "",
          links: [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]),
        });
        for (const wake of waiters.splice(0)) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://${user}:${pass}@127.0.0.1:${port}`,
    /** The same server with a wrong password. */
    wrongPasswordUrl: `smtp://${user}:not-the-password@127.0.0.1:${port}`,
    received,
    /** Mail to `to` (and matching `where`), waiting for it up to `ms`. */
    async waitFor(to: string, where: (m: ReceivedMail) => boolean = () => true, ms = 10_000) {
      const until = Date.now() + ms;
      for (;;) {
        const found = received.find((m) => m.rcpt.includes(to.toLowerCase()) && where(m));
        if (found) return found;
        const left = until - Date.now();
        if (left <= 0) throw new Error(`no mail to ${to} within ${ms} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 250));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    /** Everything received for `to`. */
    to: (to: string) => received.filter((m) => m.rcpt.includes(to.toLowerCase())),
    down() {
      refusing = true;
    },
    up() {
      refusing = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TestSmtp = Awaited<ReturnType<typeof startSmtp>>;
