import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Logger } from "pino";

/** One message, ready to go: addresses already checked, bodies rendered. */
export interface OutgoingMail {
  /** Where it goes, a bare address. */
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The message id, so a retry after an unclear failure is recognisable as the same message. */
  messageId: string;
}

/** How mail leaves: an SMTP server, or `.eml` files a developer opens. */
export interface MailTransport {
  /** Sends one message; throws when it did not go (the queue retries it). */
  send(mail: OutgoingMail, from: string): Promise<void>;
  /** What the start-up log says about where mail goes (never a password). */
  describe(): string;
  close(): void;
}

/**
 * `SMTP_URL` as nodemailer reads it: `smtp://user:pass@host:587` (STARTTLS when the server offers
 * it), `smtps://…:465` (TLS from the start); `?requireTLS=true` refuses a server without STARTTLS.
 */
export function smtpTransport(smtpUrl: string, { timeoutMs = 20_000 } = {}): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl, {});
  // A server that accepts the connection but never answers must not hold the queue forever.
  Object.assign(transporter.options, {
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  const url = new URL(smtpUrl);
  return {
    async send(mail, from) {
      await transporter.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        // Addresses were checked before the message was queued; nothing is read from files or URLs.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    },
    describe: () => `SMTP ${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ""}`,
    close: () => transporter.close(),
  };
}

/**
 * No SMTP server (the embedded default): each message becomes an `.eml` file in `dir`, written
 * whole under a temporary name first, so a reader never sees half of one.
 */
export function outboxTransport(dir: string): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  let made: Promise<unknown> | undefined;
  return {
    async send(mail, from) {
      made ??= mkdir(dir, { recursive: true, mode: 0o700 });
      await made;
      const info = await builder.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${mail.messageId.replace(/[^a-z0-9-]/gi, "").slice(0, 40)}.eml`;
      const file = path.join(dir, name);
      await writeFile(`${file}.tmp`, info.message as Buffer, { mode: 0o600 });
      await rename(`${file}.tmp`, file);
    },
    describe: () => `files in ${dir}`,
    close: () => builder.close(),
  };
}

/** The transport the settings name, and one log line saying where mail goes. */
export function mailTransportFromConfig(
  { smtpUrl, outboxDir }: { smtpUrl?: string; outboxDir: string },
  logger: Logger,
): MailTransport {
  const transport = smtpUrl ? smtpTransport(smtpUrl) : outboxTransport(outboxDir);
  if (smtpUrl) logger.info({ mail: transport.describe() }, "mail goes out through SMTP");
  else
    logger.info(
      { outbox: outboxDir },
      `no SMTP_URL: mail is written to ${outboxDir} as .eml files (open them to follow the links)`,
    );
  return transport;
}
