import { type ApiKey, type KeyProvider, type KeyTask, maskEmail, type Preferences } from "@codeground/sdk";
import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { describeError, type LearnerClient, WidgetApiError } from "./api.js";
import { formStyles } from "./form-styles.js";
import { I18nController, type Locale, pickLocale, requestedLocale, type Translator } from "./i18n.js";
import { errorSaid, isolate, richText, type Said, SaidError, sayIn } from "./keys-said.js";
import { type KeysKey, keysMessages } from "./locales/keys/index.js";
import type { ErrorDetail, ReadyDetail } from "./protocol.js";
import { themeStyles } from "./theme.js";

/** The vault calls the element makes: a client's `keys` (bearer token or cookie session). */
export type KeysApi = LearnerClient["keys"];

/** A vault reached through an embed's key grant: until when, and how to end it. */
export interface KeysConnection {
  keys: KeysApi;
  expiresAt: string;
  /** Revokes the grant. */
  end(): Promise<void>;
}

/** Providers by their own names; the one that is a kind of server is named in the catalog. */
const PROVIDERS: [KeyProvider, string | { key: KeysKey }][] = [
  ["openai", "OpenAI"],
  ["anthropic", "Anthropic"],
  ["google", "Google (Gemini)"],
  ["azure-openai", "Azure OpenAI"],
  ["openai-compatible", { key: "provider.compatible" }],
];
const NEEDS_BASE_URL = new Set<KeyProvider>(["azure-openai", "openai-compatible"]);
const TASKS: [KeyTask, KeysKey][] = [
  ["chat", "task.chat"],
  ["feedback", "task.feedback"],
];
/**
 * The key vault: add, list, rename, replace, verify and delete the AI-provider keys a user brings,
 * and choose which serves the tutor and which the feedback. A secret goes in once and is never
 * shown again: the list has its last four characters and a fingerprint. The portal gives it a
 * client on its cookie session; inside an embed it is given a `connector` that opens the
 * Codeground sign-in window and returns a one-hour grant. Whichever way it came, the vault stays
 * closed until the API has said whose it is, and then that account (masked) heads it. Its words,
 * dates and numbers come in the `locale` asked for (else the nearest `lang`, else the browser's).
 *
 * @fires cg-ready - The vault (or the button to connect it) is shown. `detail: { element: "keys" }`
 * @fires cg-error - The vault could not be read. `detail: { code, message }`
 * @csspart base - The whole manager.
 * @csspart account - Whose vault this is ("Connected as a…@example.com"), above everything else.
 * @csspart table - The list of keys (a list of cards under 40rem).
 * @csspart form - The form that adds a key.
 */
@customElement("cg-keys")
export class CgKeys extends LitElement {
  static override styles = [
    themeStyles,
    formStyles,
    css`
      :host {
        min-width: 0;
      }
      .base {
        container-type: inline-size;
        padding: 0.75rem;
        overflow-wrap: break-word;
      }
      .row-actions {
        margin: 0;
      }
      .account {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        flex-wrap: wrap;
        font-size: 1.05rem;
      }
      .account p {
        margin: 0;
      }
      /* Narrow: each key is a card, each cell a labelled line (the column's name above it). */
      @container (max-width: 40rem) {
        table,
        tbody,
        tr,
        th,
        td {
          display: block;
        }
        thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0 0 0 0);
          white-space: nowrap;
        }
        tr {
          border: 1px solid var(--cg-border);
          border-radius: var(--cg-radius);
          padding-block: 0.25rem;
          padding-inline: 0.75rem;
          margin-block-end: 0.75rem;
        }
        th,
        td {
          border: 0;
          padding-inline: 0;
          padding-block: 0.35rem;
          overflow-wrap: anywhere;
        }
        th {
          font-size: 1.05rem;
        }
        td[data-label]::before {
          content: attr(data-label);
          display: block;
          font-size: 0.8rem;
          font-weight: 600;
          color: var(--cg-muted);
        }
      }
    `,
  ];

  /** The vault to manage; leave unset inside an embed and give a `connector` instead. */
  @property({ attribute: false }) accessor client: KeysApi | undefined = undefined;
  /**
   * Gets a vault through the user's consent (the embed's keys frame); told the interface's
   * locale, so the Codeground window speaks the same language.
   */
  @property({ attribute: false }) accessor connector:
    | ((options: { locale: Locale }) => Promise<KeysConnection>)
    | undefined = undefined;
  /**
   * The `client` runs on a token the host page handed over: offer "Not you? Disconnect", which
   * forgets it here (the page may have passed someone else's).
   */
  @property({ attribute: false }) accessor fromHostPage = false;
  /** `auto` (default: the page's `prefers-color-scheme`), `light` or `dark`. */
  @property({ reflect: true }) accessor theme: "light" | "dark" | "auto" = "auto";
  /** The interface language (a BCP 47 tag such as `es`); the nearest `lang`, then the browser's, when empty. */
  @property() accessor locale = "";

  @state() private accessor keys: ApiKey[] | undefined = undefined;
  @state() private accessor preferences: Preferences | undefined = undefined;
  @state() private accessor connection: KeysConnection | undefined = undefined;
  /** Whose vault it is, masked, once the API has said; until then nothing of the vault shows. */
  @state() private accessor account: string | undefined = undefined;
  /** The API would not say whose vault it is: the vault stays closed. */
  @state() private accessor unidentified = false;
  @state() private accessor error: Said | undefined = undefined;
  @state() private accessor notice: Said | undefined = undefined;
  @state() private accessor provider: KeyProvider = "openai";
  @state() private accessor busy = false;
  /** The key whose rename/replace form is open. */
  @state() private accessor editing: string | null = null;
  /** The key whose deletion waits for a second click. */
  @state() private accessor deleting: string | null = null;
  private ready = false;
  private readonly i18n = new I18nController(this, keysMessages);

  private get vault(): KeysApi | undefined {
    return this.connection?.keys ?? this.client;
  }

  protected override updated(changed: PropertyValues<this>) {
    if (changed.has("client") && this.client) void this.open();
    if (!this.ready && (this.vault || this.connector)) {
      this.ready = true;
      this.fire<ReadyDetail>("cg-ready", { element: "keys" });
    }
  }

  private fire<T>(name: string, detail: T) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /** A date and time in the interface's locale; "never" for none. */
  private when(t: Translator<KeysKey>, iso: string | null): string {
    return iso ? t.date(new Date(iso), { dateStyle: "medium", timeStyle: "short" }) : t.t("never");
  }

  /** Back to the Connect button: nothing of the vault stays on screen. */
  private dropConnection() {
    this.connection = undefined;
    this.keys = undefined;
    this.preferences = undefined;
    this.account = undefined;
    this.unidentified = false;
  }

  private failed(err: unknown, code: string) {
    this.fire<ErrorDetail>("cg-error", {
      code: err instanceof WidgetApiError ? err.code : code,
      message: sayIn(this.i18n.current, this.error),
    });
  }

  /** Whose vault this is, and what is in it. */
  private async open() {
    const vault = this.vault;
    if (!vault) return;
    this.account = undefined;
    this.unidentified = false;
    await Promise.all([this.identify(vault), this.load()]);
  }

  private async identify(vault: KeysApi) {
    try {
      const user = await vault.me();
      // Only the masked address is kept: nothing here, nor in the DOM, holds the whole of it.
      if (vault === this.vault) this.account = maskEmail(user.email);
    } catch (err) {
      if (vault !== this.vault || this.lost(err)) return;
      this.unidentified = true;
      this.error = { key: "error.account_unknown", params: { reason: describeError(err) } };
      this.failed(err, "account_unknown");
    }
  }

  /** A grant that ran out (an hour) or was revoked: back to the Connect button, saying why. */
  private lost(err: unknown): boolean {
    if (!(err instanceof WidgetApiError && err.status === 401 && this.connection)) return false;
    this.dropConnection();
    this.error = { key: "error.grant_ended" };
    return true;
  }

  private async load() {
    const vault = this.vault;
    if (!vault) return;
    try {
      const [keys, preferences] = await Promise.all([vault.list(), vault.preferences()]);
      if (vault !== this.vault) return;
      [this.keys, this.preferences] = [keys, preferences];
    } catch (err) {
      if (vault !== this.vault || this.lost(err) || this.unidentified) return;
      this.error = errorSaid(err);
      this.failed(err, "keys_unavailable");
    }
  }

  private async connect() {
    if (!this.connector) return;
    this.busy = true;
    this.error = undefined;
    this.notice = undefined;
    try {
      this.connection = await this.connector({ locale: pickLocale(this.locale, requestedLocale(this)) });
      await this.open();
      if (this.account) this.notice = { key: "notice.connected" };
    } catch (err) {
      this.error = errorSaid(err);
    } finally {
      this.busy = false;
    }
  }

  private async disconnect() {
    const connection = this.connection;
    if (!connection) return;
    this.busy = true;
    try {
      await connection.end();
    } catch (err) {
      // Already expired or revoked: it is disconnected either way.
      if (!(err instanceof WidgetApiError && err.status === 401)) this.error = errorSaid(err);
    } finally {
      this.dropConnection();
      this.busy = false;
      this.notice = { key: "notice.disconnected" };
    }
  }

  /** Forgets the host page's token: the vault it opened is no longer reachable from here. */
  private forget() {
    this.client = undefined;
    this.fromHostPage = false;
    this.dropConnection();
    this.error = undefined;
    this.notice = { key: "notice.forgotten" };
  }

  /** Runs one change, shows its outcome, and reloads the list. */
  private async act(what: (vault: KeysApi) => Promise<Said | undefined>) {
    const vault = this.vault;
    if (!vault) return;
    this.busy = true;
    this.error = undefined;
    this.notice = undefined;
    try {
      // The notice appears with the refreshed list, never beside the old row it speaks of.
      const notice = await what(vault);
      await this.load();
      this.notice = notice;
    } catch (err) {
      if (!this.lost(err)) this.error = errorSaid(err);
    } finally {
      this.busy = false;
    }
  }

  private add(event: SubmitEvent) {
    event.preventDefault();
    const formEl = event.target as HTMLFormElement;
    const form = new FormData(formEl);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    return this.act(async (vault) => {
      const expires = text("expiresAt");
      const created = await vault.create({
        name: text("name"),
        provider: this.provider,
        secret: String(form.get("secret") ?? ""),
        ...(text("model") ? { model: text("model") } : {}),
        ...(NEEDS_BASE_URL.has(this.provider) ? { baseUrl: text("baseUrl") } : {}),
        ...(expires ? { expiresAt: new Date(`${expires}T23:59:59Z`).toISOString() } : {}),
      });
      formEl.reset();
      this.provider = "openai";
      return { key: "notice.saved", params: { name: isolate(created.name), last4: created.last4 } };
    });
  }

  private edit(key: ApiKey, event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const name = String(form.get("name") ?? "").trim();
    const secret = String(form.get("secret") ?? "");
    return this.act(async (vault) => {
      await vault.update(key.id, {
        ...(name && name !== key.name ? { name } : {}),
        ...(secret ? { secret } : {}),
      });
      this.editing = null;
      return secret
        ? { key: "notice.replaced", params: { name: isolate(name || key.name) } }
        : { key: "notice.renamed", params: { name: isolate(name) } };
    });
  }

  private verify(key: ApiKey) {
    return this.act(async (vault) => {
      const verdict = await vault.verify(key.id);
      if (verdict.ok)
        return { key: "notice.verified", params: { provider: key.provider, name: isolate(key.name) } };
      throw new SaidError({
        key: "error.not_verified",
        params: { name: isolate(key.name), reason: verdict.message ?? { key: "error.refused" } },
      });
    });
  }

  private deleteKey(key: ApiKey) {
    return this.act(async (vault) => {
      await vault.remove(key.id);
      this.deleting = null;
      return { key: "notice.deleted", params: { name: isolate(key.name) } };
    });
  }

  private choose(task: KeyTask, event: Event) {
    const value = (event.target as HTMLSelectElement).value;
    return this.act(async (vault) => {
      await vault.setPreferences({ keys: { [task]: value || null } });
      return { key: value ? (task === "chat" ? "notice.chat" : "notice.feedback") : "notice.cleared" };
    });
  }

  private renderActions(t: Translator<KeysKey>, key: ApiKey) {
    const hidden = html`<span class="visually-hidden"> ${key.name}</span>`;
    if (this.deleting === key.id) {
      return html`<div class="actions row-actions" role="group" aria-label=${t.t("delete.group", { name: isolate(key.name) })}>
        <span>${t.t("delete.confirm", { name: isolate(key.name) })}</span>
        <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.deleteKey(key)}>
          ${t.t("delete.yes")}${hidden}
        </button>
        <button type="button" ?disabled=${this.busy} @click=${() => {
          this.deleting = null;
        }}>${t.t("delete.keep")}</button>
      </div>`;
    }
    return html`<div class="actions row-actions">
      <button type="button" ?disabled=${this.busy} @click=${() => this.verify(key)}>
        ${t.t("verify")}${hidden}
      </button>
      <button type="button" ?disabled=${this.busy} aria-expanded=${this.editing === key.id}
        @click=${() => {
          this.editing = this.editing === key.id ? null : key.id;
        }}>${t.t("edit")}${hidden}</button>
      <button type="button" class="danger" ?disabled=${this.busy} @click=${() => {
        this.deleting = key.id;
      }}>
        ${t.t("delete")}${hidden}
      </button>
    </div>`;
  }

  private renderKey(t: Translator<KeysKey>, key: ApiKey) {
    const status = key.expired ? html`<span class="error">${t.t("expired")}</span>` : t.t("active");
    const tokens = key.usage.inputTokens + key.usage.outputTokens;
    return html`
      <tr>
        <th scope="row"><bdi>${key.name}</bdi></th>
        <td data-label=${t.t("provider")}>${key.provider}${key.model ? html`<br /><span class="hint">${key.model}</span>` : nothing}</td>
        <td data-label=${t.t("key")}><span class="mono" dir="ltr" aria-label=${t.t("last4", { last4: key.last4 })}>••••${key.last4}</span><br /><span class="hint mono" dir="ltr">${key.fingerprint}</span></td>
        <td data-label=${t.t("status")}>${status}${key.expiresAt ? html`<br /><span class="hint">${t.t("until", { date: this.when(t, key.expiresAt) })}</span>` : nothing}</td>
        <td data-label=${t.t("usage")}>${t.t("calls", { count: key.usage.requests })}<br /><span class="hint">${t.t("tokens", { count: tokens })}</span></td>
        <td data-label=${t.t("last_used")}>${this.when(t, key.lastUsedAt)}</td>
        <td data-label=${t.t("actions")}>
          ${this.renderActions(t, key)}
          ${
            this.editing === key.id
              ? html`<form @submit=${(e: SubmitEvent) => this.edit(key, e)}>
                <label for="rename-${key.id}">${t.t("name")}</label>
                <input id="rename-${key.id}" name="name" .value=${key.name} required maxlength="100" />
                <label for="replace-${key.id}">${t.t("edit.secret")}</label>
                <input id="replace-${key.id}" name="secret" type="password" autocomplete="off" />
                <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t.t("save")}</button></div>
              </form>`
              : nothing
          }
        </td>
      </tr>
    `;
  }

  private renderChoice(t: Translator<KeysKey>, task: KeyTask, label: KeysKey) {
    const chosen = this.preferences?.keys[task] ?? "";
    return html`
      <label for="pref-${task}">${t.t(label)}</label>
      <select id="pref-${task}" ?disabled=${this.busy} @change=${(e: Event) => this.choose(task, e)}>
        <option value="" ?selected=${!chosen}>${t.t("choose.none")}</option>
        ${(this.keys ?? []).map((k) => html`<option value=${k.id} ?selected=${k.id === chosen}>${k.name}</option>`)}
      </select>
    `;
  }

  private renderConnect(t: Translator<KeysKey>) {
    return html`
      <section class="panel" aria-labelledby="connect-title">
        <h2 id="connect-title">${t.t("connect.title")}</h2>
        <p>${t.t("connect.text")}</p>
        <div class="actions">
          <button class="primary" type="button" ?disabled=${this.busy} @click=${this.connect}>
            ${this.busy ? t.t("connect.waiting") : t.t("connect")}
          </button>
        </div>
      </section>
    `;
  }

  /** Whose vault this is, with the way out: end the grant, or forget the page's token. */
  private renderAccount(t: Translator<KeysKey>) {
    const connection = this.connection;
    const way = connection
      ? html`<button type="button" ?disabled=${this.busy} @click=${this.disconnect}>${t.t("disconnect")}</button>`
      : this.fromHostPage
        ? html`<button type="button" ?disabled=${this.busy} @click=${this.forget}>${t.t("disconnect.not_you")}</button>`
        : nothing;
    const account = html`<strong dir="ltr">${this.account}</strong>`;
    const who = this.account
      ? html`<p>${richText(
          connection
            ? t.t("account.until", { date: this.when(t, connection.expiresAt) })
            : t.t("account.connected"),
          { account },
        )}</p>`
      : this.unidentified
        ? nothing
        : html`<p role="status">${t.t("account.checking")}</p>`;
    if (who === nothing && way === nothing) return nothing;
    return html`<div class="panel account" part="account">${who}${way}</div>`;
  }

  private renderVault(t: Translator<KeysKey>) {
    if (!this.account) return this.renderAccount(t);
    return html`
      ${this.renderAccount(t)}
      ${
        this.keys === undefined
          ? html`<p role="status">${t.t("loading")}</p>`
          : this.keys.length === 0
            ? html`<p>${t.t("empty")}</p>`
            : html`<table part="table">
              <caption class="visually-hidden">${t.t("caption")}</caption>
              <thead><tr>${(
                ["name", "provider", "key", "status", "usage", "last_used", "actions"] as const
              ).map((column) => html`<th scope="col">${t.t(column)}</th>`)}</tr></thead>
              <tbody>${this.keys.map((k) => this.renderKey(t, k))}</tbody>
            </table>`
      }
      <section class="panel" aria-labelledby="choose-title">
        <h2 id="choose-title">${t.t("choose.title")}</h2>
        ${TASKS.map(([task, label]) => this.renderChoice(t, task, label))}
      </section>
      <section class="panel" aria-labelledby="add-title">
        <h2 id="add-title">${t.t("add.title")}</h2>
        <form part="form" @submit=${this.add}>
          <label for="key-name">${t.t("name")}</label>
          <input id="key-name" name="name" required maxlength="100" placeholder=${t.t("add.example")} />
          <label for="key-provider">${t.t("provider")}</label>
          <select id="key-provider" name="provider" .value=${this.provider}
            @change=${(e: Event) => {
              this.provider = (e.target as HTMLSelectElement).value as KeyProvider;
            }}>
            ${PROVIDERS.map(
              ([id, label]) =>
                html`<option value=${id} ?selected=${id === this.provider}>${typeof label === "string" ? label : t.t(label.key)}</option>`,
            )}
          </select>
          ${
            NEEDS_BASE_URL.has(this.provider)
              ? html`<label for="key-base-url">${t.t("add.base_url")}</label>
                <input id="key-base-url" name="baseUrl" type="url" dir="ltr" required placeholder="https://models.example.com/v1" />`
              : nothing
          }
          <label for="key-model">${t.t("add.model")}</label>
          <input id="key-model" name="model" dir="ltr" maxlength="200" placeholder="gpt-4o-mini" />
          <label for="key-secret">${t.t("add.secret")}</label>
          <input id="key-secret" name="secret" type="password" dir="ltr" autocomplete="off" required />
          <label for="key-expires">${t.t("add.expires")}</label>
          <input id="key-expires" name="expiresAt" type="date" />
          <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t.t("add.save")}</button></div>
        </form>
      </section>
    `;
  }

  override render() {
    const t = this.i18n.request(this.locale, requestedLocale(this));
    return html`
      <div class="base" part="base" lang=${t.locale} dir=${this.hasAttribute("dir") ? nothing : t.dir}>
        <h1>${t.t("title")}</h1>
        <p class="hint">${t.t("intro")}</p>
        <p class="error" role="alert">${sayIn(t, this.error)}</p>
        <p class="ok" role="status">${sayIn(t, this.notice)}</p>
        ${this.vault ? this.renderVault(t) : this.connector ? this.renderConnect(t) : nothing}
      </div>
    `;
  }
}

export { richText };

declare global {
  interface HTMLElementTagNameMap {
    "cg-keys": CgKeys;
  }
}
