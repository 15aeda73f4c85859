import { type Catalog, directionOf, type Locale, pickLocale, Translator } from "@codeground/widget/i18n";
import { en, type MailMessageKey, mailCatalogs } from "./messages/index.js";

/** What each kind of mail says: its catalog keys, and whether it is a notification one can turn off. */
const KINDS = {
  verify_email: { prefix: "verify_email", notification: false },
  signup_existing: { prefix: "signup_existing", notification: false },
  email_change: { prefix: "email_change", notification: false },
  email_changed: { prefix: "email_changed", notification: false },
  password_reset: { prefix: "password_reset", notification: false },
  password_changed: { prefix: "password_changed", notification: false },
  course_invitation: { prefix: "course_invitation", notification: false },
  key_expiring: { prefix: "key_expiring", notification: true },
  budget_warning: { prefix: "budget_warning", notification: true, action: "budget.action" },
  budget_exhausted: { prefix: "budget_exhausted", notification: true, action: "budget.action" },
  mfa_disabled: { prefix: "mfa_disabled", notification: true },
  token_created: { prefix: "token_created", notification: true },
  new_sign_in: { prefix: "new_sign_in", notification: true },
  account_deleted: { prefix: "account_deleted", notification: false, action: null },
} as const satisfies Record<string, { prefix: string; notification: boolean; action?: string | null }>;

export type MailKind = keyof typeof KINDS;
export const MAIL_KINDS = Object.keys(KINDS) as MailKind[];

/** Values for a message's placeholders; a value that is itself a message key is looked up first. */
export type MailParams = Readonly<
  Record<string, string | number | { key: MailMessageKey; params?: MailParams }>
>;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  locale: Locale;
}

const cache = new Map<Locale, Promise<Partial<Catalog<MailMessageKey>>>>();
function catalog(locale: Locale): Promise<Partial<Catalog<MailMessageKey>>> {
  if (locale === "en") return Promise.resolve(en);
  let pending = cache.get(locale);
  if (!pending) {
    pending = mailCatalogs[locale]().then((m) => m.default);
    cache.set(locale, pending);
  }
  return pending;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/**
 * One line of a header: control characters (a CR or LF that would start a header of its own)
 * become spaces, and it is cut to a length mail clients show.
 */
export const headerSafe = (s: string, max = 200) =>
  s
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .trim()
    .slice(0, max);

/**
 * A mail in the recipient's language (English when there is no catalog for it): a plain-text
 * part, and a simple HTML part with the same words, its one link as a button and written out.
 */
export async function renderMail(
  kind: MailKind,
  {
    locale,
    params = {},
    link,
    to,
  }: { locale?: string | null; params?: MailParams; link?: string; to: string },
): Promise<RenderedMail> {
  const chosen = pickLocale(locale);
  const t = new Translator<MailMessageKey>(chosen, await catalog(chosen), en);
  const spec: { prefix: string; notification: boolean; action?: string | null } = KINDS[kind];
  const plain = resolveNested(t, params);
  const subject = headerSafe(t.t(`${spec.prefix}.subject` as MailMessageKey, plain));
  const paragraphs = t.t(`${spec.prefix}.body` as MailMessageKey, plain).split("\n");
  const actionKey = spec.action === undefined ? `${spec.prefix}.action` : spec.action;
  const action = link && actionKey ? t.t(actionKey as MailMessageKey, plain) : undefined;
  const footer = [
    ...(spec.notification ? [t.t("notifications.footer")] : []),
    t.t("common.footer", { email: to }),
  ];

  const text = [...paragraphs, ...(link ? ["", `${action}: ${link}`] : []), "", "--", ...footer].join("\n");

  const dir = directionOf(chosen);
  const p = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s)}</p>`;
  const html = `<!doctype html>
<html lang="${chosen}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f6f8fa;font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #d0d7de;border-radius:8px;padding:24px">
${paragraphs.map(p).join("\n")}
${
  link
    ? `<p style="margin:20px 0"><a href="${escapeHtml(link)}" style="display:inline-block;background:#0969da;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600">${escapeHtml(action ?? link)}</a></p>
<p style="margin:0 0 12px;font-size:14px;color:#59636e">${escapeHtml(t.t("common.linkFallback"))}<br><span dir="ltr" style="word-break:break-all">${escapeHtml(link)}</span></p>`
    : ""
}
</div>
<p style="max-width:560px;margin:12px auto 0;font-size:13px;color:#59636e">${footer.map(escapeHtml).join("<br>")}</p>
</body></html>
`;
  return { subject, text, html, locale: chosen };
}

function resolveNested(t: Translator<MailMessageKey>, params: MailParams): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    // A value is one line: a name with a line break cannot add a paragraph, or a header.
    out[name] =
      typeof value === "object"
        ? t.t(value.key, resolveNested(t, value.params ?? {}))
        : typeof value === "string"
          ? headerSafe(value, 500)
          : value;
  }
  return out;
}

/** Whether a kind is a notification (it has a switch, and its footer says so). */
export const isNotification = (kind: MailKind) => KINDS[kind].notification;
