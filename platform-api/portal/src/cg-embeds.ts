import type { Course, Embed, EmbedFeature, EmbedWithSecret, User, WebhookDelivery } from "@codeground/sdk";
import { I18nController, type Translator } from "@codeground/widget/i18n";
import { css, html, LitElement, nothing } from "lit";
import { ApiError, api, describe } from "./api.js";
import { copyText } from "./clipboard.js";
import { followLink } from "./links.js";
import { portalLocale } from "./locale.js";
import { type ManageKey, manageMessages } from "./locales/manage/index.js";
import { portalStyles } from "./styles.js";
import { labelTableCells } from "./table-labels.js";

/** Who pays for an embed's tutor; older servers leave it out. */
interface ChatSponsorship {
  sponsored: boolean;
  monthlyTokenBudget: number | null;
}
type EmbedRecord = Omit<Embed, "chat"> & { chat?: ChatSponsorship };

/** The secret key of one embed, just created or rotated: on screen until dismissed, never again. */
interface ShownSecret {
  embedId: string;
  name: string;
  secretKey: string;
}

const FEATURES: readonly EmbedFeature[] = ["problem", "chat", "keys"];

/** The API's complaints about one form: the whole message, and each field's own. */
interface FormError {
  embedId: string | null;
  message: string;
  fields: Partial<Record<Field, string>>;
}
type Field =
  | "name"
  | "allowedOrigins"
  | "features"
  | "problems"
  | "executionsPerMinute"
  | "webhookUrl"
  | "chat";

/** Each detail under the field it names; a list's entries by line (`allowedOrigins.1` is line 2). */
function fieldErrors(err: unknown, t: Translator<ManageKey>): FormError["fields"] {
  const fields: FormError["fields"] = {};
  if (!(err instanceof ApiError)) return fields;
  for (const { path, message } of err.details) {
    const [field, index] = String(path ?? "").split(".") as [Field, string | undefined];
    const text =
      field === "chat" || index === undefined || !/^\d+$/.test(index)
        ? message
        : t.t("emb.line", { line: Number(index) + 1, message });
    fields[field] = fields[field] ? `${fields[field]}; ${text}` : text;
  }
  return fields;
}

const when = (iso: string | null, locale: string) => (iso ? new Date(iso).toLocaleString(locale) : "—");
const lines = (text: string) =>
  text
    .split(/[\n,]+/)
    .map((line) => line.trim())
    .filter(Boolean);

/** What the embed form says, as a create request; fields left empty are left out. */
function readForm(form: HTMLFormElement) {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "").trim();
  const number = (name: string) => (text(name) ? Number(text(name)) : null);
  return {
    name: text("name"),
    allowedOrigins: lines(text("allowedOrigins")),
    features: data.getAll("features").map(String) as EmbedFeature[],
    problems: lines(text("problems")),
    executionsPerMinute: number("executionsPerMinute"),
    webhookUrl: text("webhookUrl") || null,
    tutorPolicy: (text("tutorPolicy") || "hints") as Embed["tutorPolicy"],
    chat: { sponsored: data.get("sponsored") === "on", monthlyTokenBudget: number("monthlyTokenBudget") },
  };
}

/** A heading at a level the page chooses: the embeds page's own, or a section of a course page. */
function heading(level: number, id: string, content: unknown, focusable = false) {
  const tabindex = focusable ? "-1" : nothing;
  switch (level) {
    case 1:
      return html`<h1 id=${id} tabindex=${tabindex}>${content}</h1>`;
    case 2:
      return html`<h2 id=${id} tabindex=${tabindex}>${content}</h2>`;
    case 3:
      return html`<h3 id=${id} tabindex=${tabindex}>${content}</h3>`;
    default:
      return html`<h4 id=${id} tabindex=${tabindex}>${content}</h4>`;
  }
}

/** The lines a course site pastes into its page for this embed. */
export function snippetFor(embed: Pick<Embed, "publishableKey" | "features" | "problems">, origin: string) {
  const problem = embed.problems?.[0] ?? "your-problem-slug";
  const parts = [`<script src="${origin}/widget.js"></script>`];
  if (embed.features.includes("problem"))
    parts.push(`<cg-problem embed="${embed.publishableKey}" problem="${problem}"></cg-problem>`);
  if (embed.features.includes("chat"))
    parts.push(`<cg-chat embed="${embed.publishableKey}" problem="${problem}"></cg-chat>`);
  if (embed.features.includes("keys")) parts.push(`<cg-keys embed="${embed.publishableKey}"></cg-keys>`);
  return parts.join("\n");
}

/**
 * Embeds: the course sites allowed to show Codeground, each with a publishable key for its pages
 * and a secret key (shown once, after creating or rotating) for signing learner tokens and checking
 * webhooks. Create, edit, rotate, delete, see webhook deliveries, and copy the page snippet.
 *
 * On its own it is the `/embeds` page (every embed the user manages). Given a `course`, it is that
 * course page's embeds section: the course's embeds, a "New embed" form for its owner and
 * instructors, and nothing to change for a TA.
 */
export class CgEmbeds extends LitElement {
  static override styles = [
    portalStyles,
    css`
      textarea {
        font: inherit;
        font-family: var(--cg-mono-font);
        padding: 0.4rem 0.5rem;
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        background: var(--cg-bg);
        color: var(--cg-fg);
        width: 100%;
        max-width: 40rem;
        box-sizing: border-box;
      }
      fieldset {
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        margin: 0.75rem 0;
        max-width: 40rem;
      }
      legend {
        font-weight: 600;
      }
      .check {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        font-weight: 400;
        margin: 0.25rem 0;
      }
      pre {
        background: var(--cg-panel);
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        padding: 0.75rem;
        overflow-x: auto;
        white-space: pre-wrap;
        word-break: break-all;
      }
      .secret {
        border: 2px solid var(--cg-accent);
      }
      .secret code {
        display: block;
        word-break: break-all;
        padding: 0.5rem;
        background: var(--cg-panel);
        border-radius: var(--cg-radius);
      }
      .panel > :is(h2, h3):first-child,
      .embed > :is(h2, h3) {
        margin-top: 0;
      }
      .embed :is(h3, h4) {
        margin-top: 1rem;
      }
      h3 {
        font-size: 1.1rem;
      }
      h4 {
        font-size: 1rem;
        margin: 1rem 0 0.5rem;
      }
      .field-error {
        margin: 0.25rem 0;
      }
      input[type="url"] {
        width: 100%;
        max-width: 40rem;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        margin: 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      @media (max-width: 40rem) {
        dl {
          grid-template-columns: 1fr;
          gap: 0;
        }
        dd {
          margin-bottom: 0.35rem;
        }
      }
    `,
  ];
  static override properties = {
    user: { attribute: false },
    course: { attribute: false },
    embeds: { state: true },
    error: { state: true },
    formError: { state: true },
    notice: { state: true },
    busy: { state: true },
    editing: { state: true },
    secret: { state: true },
    deliveries: { state: true },
    creating: { state: true },
  };
  /** Who is signed in: only authors and admins may create embeds. */
  declare user: User | null | undefined;
  /**
   * The course whose embeds these are, with the viewer's role in it: its owner and instructors
   * manage them, a TA only reads. Unset: every embed the user manages (the `/embeds` page).
   */
  declare course: Pick<Course, "id" | "role"> | undefined;
  declare embeds: EmbedRecord[] | undefined;
  declare error: string;
  /** The API's answer to the create or edit form, shown next to that form. */
  declare formError: FormError | null;
  declare notice: string;
  declare busy: boolean;
  /** The embed whose edit form is open. */
  declare editing: string | null;
  declare secret: ShownSecret | null;
  /** Webhook deliveries, by embed, for the embeds whose list is open. */
  declare deliveries: Record<string, WebhookDelivery[] | string>;
  /** In a course, whether the "New embed" form is open. */
  declare creating: boolean;
  private i18n = new I18nController(this, manageMessages);

  constructor() {
    super();
    labelTableCells(this);
    this.user = undefined;
    this.embeds = undefined;
    this.error = "";
    this.formError = null;
    this.notice = "";
    this.busy = false;
    this.editing = null;
    this.secret = null;
    this.deliveries = {};
    this.creating = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  /** Where the list comes from and new embeds go. */
  private get base() {
    return this.course ? `/courses/${encodeURIComponent(this.course.id)}/embeds` : "/embeds";
  }

  /** The level of this view's own heading: the page's title, or a section of the course page. */
  private get level() {
    return this.course ? 2 : 1;
  }

  /** Whether the viewer may change these embeds (a course's TA may not). */
  private get mayManage() {
    return !this.course || this.course.role === "owner" || this.course.role === "instructor";
  }

  private async load() {
    try {
      this.embeds = await api<EmbedRecord[]>("GET", this.base);
    } catch (err) {
      this.error = describe(err);
    }
  }

  /** Runs one change; its outcome goes next to the form it came from (or at the top), then the list reloads. */
  private async act(formOf: string | null | undefined, what: () => Promise<string | undefined>) {
    this.busy = true;
    this.error = "";
    this.formError = null;
    this.notice = "";
    try {
      this.notice = (await what()) ?? "";
      await this.load();
    } catch (err) {
      if (formOf === undefined) this.error = describe(err);
      else {
        const t = this.i18n.current;
        const fields = fieldErrors(err, t);
        // Each field's message is under that field; the summary says so, with the request id.
        const message =
          err instanceof ApiError && Object.keys(fields).length
            ? `${t.t("emb.see_fields", { message: err.message })}${err.requestId ? t.t("emb.request", { id: err.requestId }) : ""}`
            : describe(err);
        this.formError = { embedId: formOf, message, fields };
      }
    } finally {
      this.busy = false;
    }
  }

  private create(event: SubmitEvent) {
    event.preventDefault();
    const formEl = event.target as HTMLFormElement;
    const input = readForm(formEl);
    return this.act(null, async () => {
      const created = await api<EmbedWithSecret>("POST", this.base, {
        name: input.name,
        allowedOrigins: input.allowedOrigins,
        features: input.features,
        ...(input.problems.length ? { problems: input.problems } : {}),
        ...(input.executionsPerMinute !== null ? { executionsPerMinute: input.executionsPerMinute } : {}),
        ...(input.webhookUrl ? { webhookUrl: input.webhookUrl } : {}),
        tutorPolicy: input.tutorPolicy,
        ...(input.chat.sponsored || input.chat.monthlyTokenBudget !== null ? { chat: input.chat } : {}),
      });
      formEl.reset();
      this.creating = false;
      this.secret = { embedId: created.id, name: created.name, secretKey: created.secretKey };
      this.announceSecret();
      return this.i18n.current.t("emb.created", { name: created.name });
    });
  }

  private saveChanges(embed: EmbedRecord, event: SubmitEvent) {
    event.preventDefault();
    const input = readForm(event.target as HTMLFormElement);
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const changes: Record<string, unknown> = {};
    if (input.name !== embed.name) changes.name = input.name;
    if (!same(input.allowedOrigins, embed.allowedOrigins)) changes.allowedOrigins = input.allowedOrigins;
    if (!same(input.features, embed.features)) changes.features = input.features;
    const problems = input.problems.length ? input.problems : null;
    if (!same(problems, embed.problems)) changes.problems = problems;
    if (input.executionsPerMinute !== embed.executionsPerMinute)
      changes.executionsPerMinute = input.executionsPerMinute;
    if (input.webhookUrl !== embed.webhookUrl) changes.webhookUrl = input.webhookUrl;
    if (input.tutorPolicy !== embed.tutorPolicy) changes.tutorPolicy = input.tutorPolicy;
    if (embed.chat) {
      const chat: Partial<ChatSponsorship> = {};
      if (input.chat.sponsored !== embed.chat.sponsored) chat.sponsored = input.chat.sponsored;
      if (input.chat.monthlyTokenBudget !== embed.chat.monthlyTokenBudget)
        chat.monthlyTokenBudget = input.chat.monthlyTokenBudget;
      if (Object.keys(chat).length) changes.chat = chat;
    }
    return this.act(embed.id, async () => {
      if (!Object.keys(changes).length) {
        this.editing = null;
        return this.i18n.current.t("emb.unchanged");
      }
      await api("PATCH", `/embeds/${embed.id}`, changes);
      this.editing = null;
      return this.i18n.current.t("emb.saved", { name: input.name });
    });
  }

  private rotate(embed: EmbedRecord) {
    if (!confirm(this.i18n.current.t("emb.rotate_ask", { name: embed.name }))) return;
    return this.act(undefined, async () => {
      const rotated = await api<EmbedWithSecret>("POST", `/embeds/${embed.id}/rotate-secret`);
      this.secret = { embedId: rotated.id, name: rotated.name, secretKey: rotated.secretKey };
      this.announceSecret();
      return this.i18n.current.t("emb.rotated", { name: rotated.name });
    });
  }

  private deleteEmbed(embed: EmbedRecord) {
    if (!confirm(this.i18n.current.t("emb.delete_ask", { name: embed.name, key: embed.publishableKey })))
      return;
    return this.act(undefined, async () => {
      await api("DELETE", `/embeds/${embed.id}`);
      if (this.secret?.embedId === embed.id) this.secret = null;
      return this.i18n.current.t("emb.deleted", { name: embed.name });
    });
  }

  private async toggleDeliveries(embed: EmbedRecord) {
    if (this.deliveries[embed.id] !== undefined) {
      const { [embed.id]: _, ...rest } = this.deliveries;
      this.deliveries = rest;
      return;
    }
    this.deliveries = { ...this.deliveries, [embed.id]: this.i18n.current.t("emb.deliveries_loading") };
    let list: WebhookDelivery[] | string;
    try {
      list = await api<WebhookDelivery[]>("GET", `/embeds/${embed.id}/deliveries`);
    } catch (err) {
      list = describe(err);
    }
    this.deliveries = { ...this.deliveries, [embed.id]: list };
  }

  private async copy(text: string, what: string) {
    this.notice = await copyText(text, what);
  }

  /** Brings the just-shown secret to the keyboard and the screen reader: it will not come back. */
  private announceSecret() {
    void this.updateComplete.then(() => {
      const heading = this.renderRoot.querySelector<HTMLElement>("#secret-title");
      heading?.focus();
      heading?.scrollIntoView({ block: "nearest" });
    });
  }

  private renderSecret() {
    const shown = this.secret;
    if (!shown) return nothing;
    const t = this.i18n.current;
    return html`
      <section class="panel secret" aria-labelledby="secret-title">
        ${heading(this.level + 1, "secret-title", t.t("emb.secret_title", { name: shown.name }), true)}
        <p>${t.t("emb.secret_hint")}</p>
        <code data-testid="embed-secret">${shown.secretKey}</code>
        <div class="actions">
          <button type="button" @click=${() => this.copy(shown.secretKey, t.t("emb.secret_key"))}>${t.t("emb.copy_secret")}</button>
          <button type="button" @click=${() => {
            this.secret = null;
          }}>${t.t("emb.stored")}</button>
        </div>
      </section>
    `;
  }

  /** The create form (no embed) or an embed's edit form. */
  private renderForm(embed?: EmbedRecord) {
    const id = embed?.id ?? "new";
    const features = embed?.features ?? ["problem"];
    const failed = this.formError && this.formError.embedId === (embed?.id ?? null) ? this.formError : null;
    const error = failed?.message ?? "";
    /** A field's own message, right under it, and what its control says it is described by. */
    const problem = (field: Field) => failed?.fields[field];
    const describedBy = (field: Field, hint?: string) =>
      [hint, problem(field) ? `${field}-error-${id}` : ""].filter(Boolean).join(" ") || nothing;
    const fieldError = (field: Field) =>
      problem(field)
        ? html`<p class="error field-error" id="${field}-error-${id}">${problem(field)}</p>`
        : nothing;
    const chatSupported = !embed || embed.chat !== undefined;
    const t = this.i18n.current;
    return html`
      <form aria-describedby="form-error-${id}"
        @submit=${(e: SubmitEvent) => (embed ? this.saveChanges(embed, e) : this.create(e))}>
        <label for="name-${id}">${t.t("name")}</label>
        <input id="name-${id}" name="name" required maxlength="100" .value=${embed?.name ?? ""} placeholder=${t.t("emb.name_placeholder")}
          aria-invalid=${problem("name") ? "true" : "false"} aria-describedby=${describedBy("name")} />
        ${fieldError("name")}
        <label for="origins-${id}">${t.t("emb.origins")}</label>
        <textarea id="origins-${id}" name="allowedOrigins" rows="3" aria-describedby=${describedBy("allowedOrigins", `origins-hint-${id}`)}
          aria-invalid=${problem("allowedOrigins") ? "true" : "false"}
          .value=${embed?.allowedOrigins.join("\n") ?? ""} placeholder="https://course.example.edu"></textarea>
        ${fieldError("allowedOrigins")}
        <p class="hint" id="origins-hint-${id}">${t.t("emb.origins_hint")}</p>
        <fieldset>
          <legend>${t.t("features")}</legend>
          ${FEATURES.map(
            (value) => html`<label class="check"><input type="checkbox" name="features" value=${value}
              ?checked=${features.includes(value)} />${t.t(`emb.feature.${value}`)}</label>`,
          )}
          ${fieldError("features")}
        </fieldset>
        <label for="problems-${id}">${t.t("emb.problems")}</label>
        <textarea id="problems-${id}" name="problems" rows="2" aria-describedby=${describedBy("problems", `problems-hint-${id}`)}
          aria-invalid=${problem("problems") ? "true" : "false"}
          .value=${embed?.problems?.join("\n") ?? ""} placeholder="two-sum"></textarea>
        ${fieldError("problems")}
        <p class="hint" id="problems-hint-${id}">${t.t("emb.problems_hint")}</p>
        <label for="tutor-${id}">${t.t("tutor")}</label>
        <select id="tutor-${id}" name="tutorPolicy">
          <option value="hints" ?selected=${(embed?.tutorPolicy ?? "hints") === "hints"}>${t.t("emb.hints")}</option>
          <option value="open" ?selected=${embed?.tutorPolicy === "open"}>${t.t("emb.open")}</option>
        </select>
        <label for="rate-${id}">${t.t("emb.rate")}</label>
        <input id="rate-${id}" name="executionsPerMinute" type="number" min="1" max="600" step="1"
          .value=${embed?.executionsPerMinute?.toString() ?? ""}
          aria-invalid=${problem("executionsPerMinute") ? "true" : "false"} aria-describedby=${describedBy("executionsPerMinute")} />
        ${fieldError("executionsPerMinute")}
        <label for="webhook-${id}">${t.t("emb.webhook")}</label>
        <input id="webhook-${id}" name="webhookUrl" type="url" aria-describedby=${describedBy("webhookUrl", `webhook-hint-${id}`)}
          aria-invalid=${problem("webhookUrl") ? "true" : "false"}
          .value=${embed?.webhookUrl ?? ""} placeholder="https://course.example.edu/hooks/codeground" />
        ${fieldError("webhookUrl")}
        <p class="hint" id="webhook-hint-${id}">${t.t("emb.webhook_hint")}</p>
        ${
          chatSupported
            ? html`<fieldset>
              <legend>${t.t("emb.sponsorship")}</legend>
              <label class="check"><input type="checkbox" name="sponsored" ?checked=${embed?.chat?.sponsored ?? false} />
                ${t.t("emb.sponsor")}</label>
              <label for="budget-${id}">${t.t("emb.budget")}</label>
              <input id="budget-${id}" name="monthlyTokenBudget" type="number" min="1" step="1"
                aria-describedby=${describedBy("chat", `budget-hint-${id}`)} aria-invalid=${problem("chat") ? "true" : "false"}
                .value=${embed?.chat?.monthlyTokenBudget?.toString() ?? ""} />
              ${fieldError("chat")}
              <p class="hint" id="budget-hint-${id}">${t.t("emb.budget_hint")}</p>
            </fieldset>`
            : nothing
        }
        <p class="error" role="alert" id="form-error-${id}">${error}</p>
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${embed ? t.t("emb.save") : t.t("emb.create")}</button>
          ${
            embed || this.course
              ? html`<button type="button" @click=${() => {
                  if (embed) this.editing = null;
                  else this.closeCreate();
                  this.formError = null;
                }}>${t.t("cancel")}</button>`
              : nothing
          }
        </div>
      </form>
    `;
  }

  private renderDeliveries(embed: EmbedRecord) {
    const list = this.deliveries[embed.id];
    const t = this.i18n.current;
    if (list === undefined) return nothing;
    if (typeof list === "string") return html`<p role="status">${list}</p>`;
    if (!embed.webhookUrl && list.length === 0) return html`<p>${t.t("emb.no_webhook")}</p>`;
    if (list.length === 0) return html`<p>${t.t("emb.no_deliveries")}</p>`;
    return html`<table class="stack">
      <caption class="visually-hidden">${t.t("emb.deliveries_of", { name: embed.name })}</caption>
      <thead><tr><th scope="col">${t.t("emb.event")}</th><th scope="col">${t.t("status")}</th><th scope="col">${t.t("emb.attempts")}</th><th scope="col">${t.t("emb.last_answer")}</th><th scope="col">${t.t("emb.created_at")}</th><th scope="col">${t.t("emb.delivered")}</th></tr></thead>
      <tbody>
        ${list.map(
          (d) => html`<tr>
            <td>${d.event}${d.submissionId ? html`<br /><span class="hint mono">${d.submissionId}</span>` : nothing}</td>
            <td>${d.status === "failed" ? html`<span class="error">${t.t("emb.status.failed")}</span>` : t.t(`emb.status.${d.status}`)}${d.nextAttemptAt ? html`<br /><span class="hint">${t.t("emb.next_try", { when: when(d.nextAttemptAt, t.locale) })}</span>` : nothing}</td>
            <td>${d.attempts}</td>
            <td>${d.lastStatusCode ?? ""}${d.lastError ? html`<br /><span class="hint">${d.lastError}</span>` : nothing}</td>
            <td>${when(d.createdAt, t.locale)}</td>
            <td>${when(d.deliveredAt, t.locale)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderEmbed(embed: EmbedRecord) {
    const snippet = snippetFor(embed, location.origin);
    const t = this.i18n.current;
    return html`
      <article class="panel embed" aria-labelledby="embed-${embed.id}">
        ${heading(this.level + 1, `embed-${embed.id}`, embed.name)}
        <dl>
          <dt>${t.t("emb.publishable")}</dt><dd class="mono">${embed.publishableKey}</dd>
          <dt>${t.t("emb.allowed")}</dt><dd>${embed.allowedOrigins.join(", ")}</dd>
          <dt>${t.t("features")}</dt><dd>${embed.features.join(", ")}</dd>
          <dt>${t.t("problems")}</dt><dd>${embed.problems?.join(", ") ?? t.t("emb.every_problem")}</dd>
          <dt>${t.t("tutor")}</dt><dd>${embed.tutorPolicy === "open" ? t.t("emb.open_short") : t.t("emb.hints_short")}${
            embed.chat?.sponsored
              ? embed.chat.monthlyTokenBudget
                ? t.t("emb.paid_budget", { count: embed.chat.monthlyTokenBudget })
                : t.t("emb.paid")
              : ""
          }</dd>
          <dt>${t.t("emb.webhook_term")}</dt><dd>${embed.webhookUrl ?? t.t("none")}</dd>
          <dt>${t.t("emb.secret_term")}</dt><dd>${
            embed.secretRotatedAt
              ? t.t("emb.rotated_at", { when: when(embed.secretRotatedAt, t.locale) })
              : t.t("emb.created_on", { when: when(embed.createdAt, t.locale) })
          }</dd>
        </dl>
        ${heading(this.level + 2, `snippet-${embed.id}`, t.t("emb.site"))}
        <p class="hint">${embed.problems ? t.t("emb.paste") : t.t("emb.paste_slug")}</p>
        <pre><code>${snippet}</code></pre>
        <div class="actions">
          <button type="button" @click=${() => this.copy(snippet, t.t("emb.snippet"))}>${t.t("emb.copy_snippet")}<span class="visually-hidden">${t.t("of", { name: embed.name })}</span></button>
          ${this.mayManage ? this.renderManage(embed) : nothing}
        </div>
        ${this.editing === embed.id ? this.renderForm(embed) : nothing}
        ${this.renderDeliveries(embed)}
      </article>
    `;
  }

  /** An embed's buttons that change it, for those who may. */
  private renderManage(embed: EmbedRecord) {
    const open = this.deliveries[embed.id] !== undefined;
    const t = this.i18n.current;
    const of = html`<span class="visually-hidden">${t.t("of", { name: embed.name })}</span>`;
    return html`
          <button type="button" aria-expanded=${this.editing === embed.id} ?disabled=${this.busy}
            @click=${() => {
              this.editing = this.editing === embed.id ? null : embed.id;
              this.formError = null;
            }}>${t.t("emb.edit")}<span class="visually-hidden"> ${embed.name}</span></button>
          <button type="button" ?disabled=${this.busy} @click=${() => this.rotate(embed)}>${t.t("emb.rotate")}${of}</button>
          <button type="button" aria-expanded=${open} @click=${() => this.toggleDeliveries(embed)}>${t.t("emb.deliveries")}${of}</button>
          <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.deleteEmbed(embed)}>${t.t("emb.delete")}<span class="visually-hidden"> ${embed.name}</span></button>
    `;
  }

  private openCreate() {
    this.creating = true;
    this.formError = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("#name-new")?.focus());
  }

  /** Closes the course's "New embed" form; the keyboard goes back to the button that opened it. */
  private closeCreate() {
    this.creating = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("#new-embed")?.focus());
  }

  /** Where a new embed is made: always open on the embeds page, behind "New embed" in a course. */
  private renderCreate() {
    const t = this.i18n.current;
    if (!this.course) {
      const mayCreate = this.user?.role === "author" || this.user?.role === "admin";
      return mayCreate
        ? html`<section class="panel" aria-labelledby="create-title">
            <h2 id="create-title">${t.t("emb.create_title")}</h2>
            ${this.renderForm()}
          </section>`
        : html`<p>${t.t("emb.only")}
            <a href="/courses" @click=${(e: MouseEvent) => followLink(e, this, "/courses")}>${t.t("emb.create_course")}</a>${t.t("emb.only_end")}</p>`;
    }
    if (!this.mayManage) return nothing;
    if (!this.creating) {
      return html`<div class="actions">
        <button type="button" id="new-embed" @click=${this.openCreate}>${t.t("emb.new")}</button>
      </div>`;
    }
    return html`<section class="panel" aria-labelledby="create-title">
      <h3 id="create-title">${t.t("emb.new")}</h3>
      ${this.renderForm()}
    </section>`;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    return html`
      ${heading(this.level, "embeds-title", t.t("emb.title"))}
      <p class="hint">${
        this.course ? t.t(this.mayManage ? "emb.course_hint" : "emb.course_hint_ta") : t.t("emb.hint")
      }</p>
      <p class="error" role="alert">${this.error}</p>
      <p class="ok" role="status">${this.notice}</p>
      ${this.renderSecret()}
      ${
        this.embeds === undefined
          ? html`<p role="status">${t.t("emb.loading")}</p>`
          : this.embeds.length === 0
            ? html`<p>${this.course ? t.t("emb.course_empty") : t.t("emb.empty")}</p>`
            : this.embeds.map((e) => this.renderEmbed(e))
      }
      ${this.renderCreate()}
    `;
  }
}
customElements.define("cg-embeds", CgEmbeds);
