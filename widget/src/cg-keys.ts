import { type ApiKey, type KeyProvider, type KeyTask, maskEmail, type Preferences } from "@codeground/sdk";
import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { describeError, type LearnerClient, WidgetApiError } from "./api.js";
import { formStyles } from "./form-styles.js";
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

const PROVIDERS: [KeyProvider, string][] = [
  ["openai", "OpenAI"],
  ["anthropic", "Anthropic"],
  ["google", "Google (Gemini)"],
  ["azure-openai", "Azure OpenAI"],
  ["openai-compatible", "OpenAI-compatible server (Ollama, vLLM, llama.cpp…)"],
];
const NEEDS_BASE_URL = new Set<KeyProvider>(["azure-openai", "openai-compatible"]);
const TASKS: [KeyTask, string][] = [
  ["chat", "Tutor chat"],
  ["feedback", "Submission feedback"],
];

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

/**
 * The key vault: add, list, rename, replace, verify and delete the AI-provider keys a user brings,
 * and choose which serves the tutor and which the feedback. A secret goes in once and is never
 * shown again: the list has its last four characters and a fingerprint. The portal gives it a
 * client on its cookie session; inside an embed it is given a `connector` that opens the
 * Codeground sign-in window and returns a one-hour grant. Whichever way it came, the vault stays
 * closed until the API has said whose it is, and then that account (masked) heads it.
 *
 * @fires cg-ready - The vault (or the button to connect it) is shown. `detail: { element: "keys" }`
 * @fires cg-error - The vault could not be read. `detail: { code, message }`
 * @csspart base - The whole manager.
 * @csspart account - Whose vault this is ("Connected as a…@example.com"), above everything else.
 * @csspart table - The list of keys.
 * @csspart form - The form that adds a key.
 */
@customElement("cg-keys")
export class CgKeys extends LitElement {
  static override styles = [
    themeStyles,
    formStyles,
    css`
      .base {
        padding: 0.75rem;
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
    `,
  ];

  /** The vault to manage; leave unset inside an embed and give a `connector` instead. */
  @property({ attribute: false }) accessor client: KeysApi | undefined = undefined;
  /** Gets a vault through the user's consent (the embed's keys frame). */
  @property({ attribute: false }) accessor connector: (() => Promise<KeysConnection>) | undefined = undefined;
  /**
   * The `client` runs on a token the host page handed over: offer "Not you? Disconnect", which
   * forgets it here (the page may have passed someone else's).
   */
  @property({ attribute: false }) accessor fromHostPage = false;
  @property({ reflect: true }) accessor theme: "light" | "dark" = "light";

  @state() private accessor keys: ApiKey[] | undefined = undefined;
  @state() private accessor preferences: Preferences | undefined = undefined;
  @state() private accessor connection: KeysConnection | undefined = undefined;
  /** Whose vault it is, masked, once the API has said; until then nothing of the vault shows. */
  @state() private accessor account: string | undefined = undefined;
  /** The API would not say whose vault it is: the vault stays closed. */
  @state() private accessor unidentified = false;
  @state() private accessor error = "";
  @state() private accessor notice = "";
  @state() private accessor provider: KeyProvider = "openai";
  @state() private accessor busy = false;
  /** The key whose rename/replace form is open. */
  @state() private accessor editing: string | null = null;
  /** The key whose deletion waits for a second click. */
  @state() private accessor deleting: string | null = null;
  private ready = false;

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
      message: this.error,
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
      this.error = `Codeground could not say which account this keys manager is connected to, so it stays closed. ${describeError(err)}`;
      this.failed(err, "account_unknown");
    }
  }

  /** A grant that ran out (an hour) or was revoked: back to the Connect button, saying why. */
  private lost(err: unknown): boolean {
    if (!(err instanceof WidgetApiError && err.status === 401 && this.connection)) return false;
    this.dropConnection();
    this.error = "Your access to the Codeground vault has ended (it lasts an hour). Connect again to go on.";
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
      this.error = describeError(err);
      this.failed(err, "keys_unavailable");
    }
  }

  private async connect() {
    if (!this.connector) return;
    this.busy = true;
    this.error = "";
    this.notice = "";
    try {
      this.connection = await this.connector();
      await this.open();
      if (this.account) this.notice = "Connected for one hour.";
    } catch (err) {
      this.error = describeError(err);
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
      if (!(err instanceof WidgetApiError && err.status === 401)) this.error = describeError(err);
    } finally {
      this.dropConnection();
      this.busy = false;
      this.notice = "Disconnected. This page can no longer reach your keys.";
    }
  }

  /** Forgets the host page's token: the vault it opened is no longer reachable from here. */
  private forget() {
    this.client = undefined;
    this.fromHostPage = false;
    this.dropConnection();
    this.error = "";
    this.notice = "Disconnected. This keys manager no longer uses the account the page connected it to.";
  }

  /** Runs one change, shows its outcome, and reloads the list. */
  private async act(what: (vault: KeysApi) => Promise<string | undefined>) {
    const vault = this.vault;
    if (!vault) return;
    this.busy = true;
    this.error = "";
    this.notice = "";
    try {
      this.notice = (await what(vault)) ?? "";
      await this.load();
    } catch (err) {
      if (!this.lost(err)) this.error = describeError(err);
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
      return `Saved “${created.name}” (ending in ${created.last4}). Its secret will not be shown again.`;
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
      return secret ? `Replaced the secret of “${name || key.name}”.` : `Renamed to “${name}”.`;
    });
  }

  private verify(key: ApiKey) {
    return this.act(async (vault) => {
      const verdict = await vault.verify(key.id);
      if (verdict.ok) return `${key.provider} accepted “${key.name}”.`;
      throw new Error(`“${key.name}” did not verify: ${verdict.message ?? "the provider refused it"}.`);
    });
  }

  private deleteKey(key: ApiKey) {
    return this.act(async (vault) => {
      await vault.remove(key.id);
      this.deleting = null;
      return `Deleted “${key.name}”.`;
    });
  }

  private choose(task: KeyTask, event: Event) {
    const value = (event.target as HTMLSelectElement).value;
    return this.act(async (vault) => {
      await vault.setPreferences({ keys: { [task]: value || null } });
      return value ? `The ${task === "chat" ? "tutor" : "feedback"} now uses the key you chose.` : "Cleared.";
    });
  }

  private renderActions(key: ApiKey) {
    if (this.deleting === key.id) {
      return html`<div class="actions row-actions" role="group" aria-label="Confirm deleting ${key.name}">
        <span>Delete “${key.name}”? Chats using it will stop working.</span>
        <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.deleteKey(key)}>
          Yes, delete<span class="visually-hidden"> ${key.name}</span>
        </button>
        <button type="button" ?disabled=${this.busy} @click=${() => {
          this.deleting = null;
        }}>Keep it</button>
      </div>`;
    }
    return html`<div class="actions row-actions">
      <button type="button" ?disabled=${this.busy} @click=${() => this.verify(key)}>
        Verify<span class="visually-hidden"> ${key.name}</span>
      </button>
      <button type="button" ?disabled=${this.busy} aria-expanded=${this.editing === key.id}
        @click=${() => {
          this.editing = this.editing === key.id ? null : key.id;
        }}>Edit<span class="visually-hidden"> ${key.name}</span></button>
      <button type="button" class="danger" ?disabled=${this.busy} @click=${() => {
        this.deleting = key.id;
      }}>
        Delete<span class="visually-hidden"> ${key.name}</span>
      </button>
    </div>`;
  }

  private renderKey(key: ApiKey) {
    const status = key.expired ? html`<span class="error">expired</span>` : "active";
    return html`
      <tr>
        <th scope="row">${key.name}</th>
        <td>${key.provider}${key.model ? html`<br /><span class="hint">${key.model}</span>` : nothing}</td>
        <td><span class="mono" aria-label="ending in ${key.last4}">••••${key.last4}</span><br /><span class="hint mono">${key.fingerprint}</span></td>
        <td>${status}${key.expiresAt ? html`<br /><span class="hint">until ${when(key.expiresAt)}</span>` : nothing}</td>
        <td>${key.usage.requests} calls<br /><span class="hint">${key.usage.inputTokens + key.usage.outputTokens} tokens this month</span></td>
        <td>${when(key.lastUsedAt)}</td>
        <td>
          ${this.renderActions(key)}
          ${
            this.editing === key.id
              ? html`<form @submit=${(e: SubmitEvent) => this.edit(key, e)}>
                <label for="rename-${key.id}">Name</label>
                <input id="rename-${key.id}" name="name" .value=${key.name} required maxlength="100" />
                <label for="replace-${key.id}">New secret (leave empty to keep)</label>
                <input id="replace-${key.id}" name="secret" type="password" autocomplete="off" />
                <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>Save</button></div>
              </form>`
              : nothing
          }
        </td>
      </tr>
    `;
  }

  private renderChoice(task: KeyTask, label: string) {
    const chosen = this.preferences?.keys[task] ?? "";
    return html`
      <label for="pref-${task}">${label}</label>
      <select id="pref-${task}" ?disabled=${this.busy} @change=${(e: Event) => this.choose(task, e)}>
        <option value="" ?selected=${!chosen}>No key</option>
        ${(this.keys ?? []).map((k) => html`<option value=${k.id} ?selected=${k.id === chosen}>${k.name}</option>`)}
      </select>
    `;
  }

  private renderConnect() {
    return html`
      <section class="panel" aria-labelledby="connect-title">
        <h2 id="connect-title">Use your Codeground account</h2>
        <p>
          Your keys stay in your Codeground vault. Sign in to Codeground in the window that opens to let
          this page's keys manager reach them for one hour; this site never sees your password or your keys.
        </p>
        <div class="actions">
          <button class="primary" type="button" ?disabled=${this.busy} @click=${this.connect}>
            ${this.busy ? "Waiting for the Codeground window…" : "Connect your Codeground account"}
          </button>
        </div>
      </section>
    `;
  }

  /** Whose vault this is, with the way out: end the grant, or forget the page's token. */
  private renderAccount() {
    const connection = this.connection;
    const way = connection
      ? html`<button type="button" ?disabled=${this.busy} @click=${this.disconnect}>Disconnect</button>`
      : this.fromHostPage
        ? html`<button type="button" ?disabled=${this.busy} @click=${this.forget}>Not you? Disconnect</button>`
        : nothing;
    const who = this.account
      ? html`<p>Connected as <strong>${this.account}</strong>${connection ? ` until ${when(connection.expiresAt)}` : ""}.</p>`
      : this.unidentified
        ? nothing
        : html`<p role="status">Checking which Codeground account this is…</p>`;
    if (who === nothing && way === nothing) return nothing;
    return html`<div class="panel account" part="account">${who}${way}</div>`;
  }

  private renderVault() {
    if (!this.account) return this.renderAccount();
    return html`
      ${this.renderAccount()}
      ${
        this.keys === undefined
          ? html`<p role="status">Loading keys…</p>`
          : this.keys.length === 0
            ? html`<p>No keys yet. Add one below.</p>`
            : html`<table part="table">
              <caption class="visually-hidden">Your keys</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">Provider</th><th scope="col">Key</th><th scope="col">Status</th><th scope="col">Usage</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
              <tbody>${this.keys.map((k) => this.renderKey(k))}</tbody>
            </table>`
      }
      <section class="panel" aria-labelledby="choose-title">
        <h2 id="choose-title">Which key serves what</h2>
        ${TASKS.map(([task, label]) => this.renderChoice(task, label))}
      </section>
      <section class="panel" aria-labelledby="add-title">
        <h2 id="add-title">Add a key</h2>
        <form part="form" @submit=${this.add}>
          <label for="key-name">Name</label>
          <input id="key-name" name="name" required maxlength="100" placeholder="work" />
          <label for="key-provider">Provider</label>
          <select id="key-provider" name="provider" .value=${this.provider}
            @change=${(e: Event) => {
              this.provider = (e.target as HTMLSelectElement).value as KeyProvider;
            }}>
            ${PROVIDERS.map(([id, label]) => html`<option value=${id} ?selected=${id === this.provider}>${label}</option>`)}
          </select>
          ${
            NEEDS_BASE_URL.has(this.provider)
              ? html`<label for="key-base-url">Base URL</label>
                <input id="key-base-url" name="baseUrl" type="url" required placeholder="https://models.example.com/v1" />`
              : nothing
          }
          <label for="key-model">Model (optional)</label>
          <input id="key-model" name="model" maxlength="200" placeholder="gpt-4o-mini" />
          <label for="key-secret">Secret</label>
          <input id="key-secret" name="secret" type="password" autocomplete="off" required />
          <label for="key-expires">Expires on (optional)</label>
          <input id="key-expires" name="expiresAt" type="date" />
          <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>Save key</button></div>
        </form>
      </section>
    `;
  }

  override render() {
    return html`
      <div class="base" part="base">
        <h1>AI provider keys</h1>
        <p class="hint">Your keys pay for the tutor and for feedback. They are encrypted at rest; after saving, only the last four characters are ever shown.</p>
        <p class="error" role="alert">${this.error}</p>
        <p class="ok" role="status">${this.notice}</p>
        ${this.vault ? this.renderVault() : this.connector ? this.renderConnect() : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cg-keys": CgKeys;
  }
}
