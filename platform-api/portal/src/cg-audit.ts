import type { AuditEvent, AuditPage, AuditVerification, User } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { css, html, LitElement, nothing } from "lit";
import { api, describe } from "./api.js";
import { portalLocale } from "./locale.js";
import { manageMessages } from "./locales/manage/index.js";
import { portalStyles } from "./styles.js";
import { labelTableCells } from "./table-labels.js";

const PAGE_SIZE = 50;

/**
 * The audit trail: what was done, by whom, to what, from where, newest first, a page at a time.
 * Users see their own events; admins see everyone's and can check the hash chain end to end.
 */
export class CgAudit extends LitElement {
  static override styles = [
    portalStyles,
    css`
      .panel > h2:first-child {
        margin-top: 0;
      }
      td.when {
        white-space: nowrap;
      }
      details pre {
        font-family: var(--cg-mono-font);
        font-size: 0.8rem;
        white-space: pre-wrap;
        word-break: break-all;
        margin: 0.25rem 0 0;
        max-width: 28rem;
      }
      summary {
        cursor: pointer;
        color: var(--cg-muted);
        font-size: 0.875rem;
      }
      .verdict {
        margin: 0.5rem 0 0;
      }
    `,
  ];
  static override properties = {
    user: { attribute: false },
    events: { state: true },
    next: { state: true },
    error: { state: true },
    busy: { state: true },
    verification: { state: true },
  };
  declare user: User | null | undefined;
  declare events: AuditEvent[] | undefined;
  /** The cursor for the next (older) page; null on the last one. */
  declare next: number | null;
  declare error: string;
  declare busy: boolean;
  /** The chain check's verdict, or the reason it could not run. */
  declare verification: AuditVerification | string | undefined;
  private i18n = new I18nController(this, manageMessages);

  constructor() {
    super();
    labelTableCells(this);
    this.user = undefined;
    this.events = undefined;
    this.next = null;
    this.error = "";
    this.busy = false;
    this.verification = undefined;
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.load(false);
  }

  private async load(more: boolean) {
    this.busy = true;
    try {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (more && this.next !== null) params.set("before", String(this.next));
      const page = await api<AuditPage>("GET", `/audit?${params}`);
      this.events = more ? [...(this.events ?? []), ...page.events] : page.events;
      this.next = page.nextBefore;
      this.error = "";
    } catch (err) {
      this.error = describe(err);
    } finally {
      this.busy = false;
    }
  }

  private async verify() {
    this.busy = true;
    this.verification = undefined;
    try {
      this.verification = await api<AuditVerification>("GET", "/audit/verify");
    } catch (err) {
      this.verification = describe(err);
    } finally {
      this.busy = false;
    }
  }

  private actor(event: AuditEvent) {
    if (event.actorId && event.actorId === this.user?.id) return this.i18n.current.t("audit.you");
    if (!event.actorId) return event.actorType;
    return html`${event.actorType}<br /><span class="hint mono">${event.actorId}</span>`;
  }

  /** What the event recorded beyond who and what (never a secret: the API writes none). */
  private details(event: AuditEvent) {
    if (!Object.keys(event.details).length) return nothing;
    return html`<details>
      <summary>${this.i18n.current.t("audit.details")}<span class="visually-hidden">${this.i18n.current.t("audit.details_of", { action: event.action, id: String(event.id) })}</span></summary>
      <pre>${JSON.stringify(event.details, null, 2)}</pre>
    </details>`;
  }

  private renderVerdict() {
    const v = this.verification;
    const t = this.i18n.current;
    if (v === undefined) return nothing;
    if (typeof v === "string") return html`<p class="error verdict" role="alert">${v}</p>`;
    if (v.ok) return html`<p class="ok verdict" role="status">${t.t("audit.intact", { count: v.rows })}</p>`;
    const reason = v.reason ?? t.t("audit.mismatch");
    return html`<p class="error verdict" role="alert">${
      v.firstBadId !== undefined
        ? t.t("audit.broken_at", { entry: String(v.firstBadId), reason })
        : t.t("audit.broken", { reason })
    }</p>`;
  }

  override render() {
    const admin = this.user?.role === "admin";
    const t = this.i18n.request(portalLocale());
    return html`
      <h1>${t.t("audit.title")}</h1>
      <p class="hint">${admin ? t.t("audit.admin_hint") : t.t("audit.hint")}</p>
      ${
        admin
          ? html`<section class="panel" aria-labelledby="verify-title">
            <h2 id="verify-title">${t.t("audit.integrity")}</h2>
            <p class="hint">${t.t("audit.integrity_hint")}</p>
            <button type="button" ?disabled=${this.busy} @click=${this.verify}>${t.t("audit.verify")}</button>
            ${this.renderVerdict()}
          </section>`
          : nothing
      }
      <p class="error" role="alert">${this.error}</p>
      ${
        this.events === undefined
          ? html`<p role="status">${t.t("audit.loading")}</p>`
          : this.events.length === 0
            ? html`<p>${t.t("audit.empty")}</p>`
            : html`<table class="stack">
              <caption class="visually-hidden">${t.t("audit.caption")}</caption>
              <thead><tr><th scope="col">${t.t("audit.time")}</th><th scope="col">${t.t("audit.action")}</th><th scope="col">${t.t("audit.actor")}</th><th scope="col">${t.t("audit.target")}</th><th scope="col">${t.t("audit.ip")}</th></tr></thead>
              <tbody>
                ${this.events.map(
                  (e) => html`<tr>
                    <td class="when"><time datetime=${e.at}>${new Date(e.at).toLocaleString(t.locale)}</time></td>
                    <td><span class="mono">${e.action}</span>${this.details(e)}</td>
                    <td>${this.actor(e)}</td>
                    <td>${e.targetType ?? ""}${e.targetId ? html`<br /><span class="hint mono">${e.targetId}</span>` : nothing}</td>
                    <td class="mono">${e.ip ?? ""}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${
        this.next !== null
          ? html`<div class="actions"><button type="button" ?disabled=${this.busy} @click=${() => this.load(true)}>${t.t("more")}</button></div>`
          : nothing
      }
    `;
  }
}
customElements.define("cg-audit", CgAudit);
