import { css, html, LitElement, nothing } from "lit";
import { type ApiKey, api, describe, type Preferences } from "./api.js";
import { portalStyles } from "./styles.js";

const PROVIDERS = [
  ["openai", "OpenAI"],
  ["anthropic", "Anthropic"],
  ["google", "Google (Gemini)"],
  ["azure-openai", "Azure OpenAI"],
  ["openai-compatible", "OpenAI-compatible server (Ollama, vLLM, llama.cpp…)"],
] as const;
const NEEDS_BASE_URL = new Set(["azure-openai", "openai-compatible"]);

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

/**
 * The key vault: add, list, rename, replace, verify and delete the AI-provider keys a user brings,
 * and choose which serves the tutor and which the feedback. A secret goes in once and is never
 * shown again: the list has its last four characters and a fingerprint.
 */
export class CgKeys extends LitElement {
  static override styles = [
    portalStyles,
    css`
      .row-actions {
        margin: 0;
      }
    `,
  ];
  static override properties = {
    keys: { state: true },
    preferences: { state: true },
    error: { state: true },
    notice: { state: true },
    provider: { state: true },
    busy: { state: true },
    editing: { state: true },
  };
  declare keys: ApiKey[] | undefined;
  declare preferences: Preferences | undefined;
  declare error: string;
  declare notice: string;
  declare provider: string;
  declare busy: boolean;
  /** The key whose rename/replace form is open. */
  declare editing: string | null;

  constructor() {
    super();
    this.keys = undefined;
    this.preferences = undefined;
    this.error = "";
    this.notice = "";
    this.provider = "openai";
    this.busy = false;
    this.editing = null;
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      [this.keys, this.preferences] = await Promise.all([
        api<ApiKey[]>("GET", "/keys"),
        api<Preferences>("GET", "/me/preferences"),
      ]);
    } catch (err) {
      this.error = describe(err);
    }
  }

  /** Runs one change, shows its outcome, and reloads the list. */
  private async act(what: () => Promise<string | undefined>) {
    this.busy = true;
    this.error = "";
    this.notice = "";
    try {
      this.notice = (await what()) ?? "";
      await this.load();
    } catch (err) {
      this.error = describe(err);
    } finally {
      this.busy = false;
    }
  }

  private add(event: SubmitEvent) {
    event.preventDefault();
    const formEl = event.target as HTMLFormElement;
    const form = new FormData(formEl);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    return this.act(async () => {
      const expires = text("expiresAt");
      const created = await api<ApiKey>("POST", "/keys", {
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
    return this.act(async () => {
      await api("PATCH", `/keys/${key.id}`, {
        ...(name && name !== key.name ? { name } : {}),
        ...(secret ? { secret } : {}),
      });
      this.editing = null;
      return secret ? `Replaced the secret of “${name || key.name}”.` : `Renamed to “${name}”.`;
    });
  }

  private verify(key: ApiKey) {
    return this.act(async () => {
      const verdict = await api<{ ok: boolean; message?: string }>("POST", `/keys/${key.id}/verify`);
      if (verdict.ok) return `${key.provider} accepted “${key.name}”.`;
      throw new Error(`“${key.name}” did not verify: ${verdict.message ?? "the provider refused it"}.`);
    });
  }

  private deleteKey(key: ApiKey) {
    if (!confirm(`Delete the key “${key.name}”? Chats using it will stop working.`)) return;
    return this.act(async () => {
      await api("DELETE", `/keys/${key.id}`);
      return `Deleted “${key.name}”.`;
    });
  }

  private choose(task: "chat" | "feedback", event: Event) {
    const value = (event.target as HTMLSelectElement).value;
    return this.act(async () => {
      await api("PUT", "/me/preferences", { keys: { [task]: value || null } });
      return value ? `The ${task === "chat" ? "tutor" : "feedback"} now uses the key you chose.` : "Cleared.";
    });
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
          <div class="actions row-actions">
            <button type="button" ?disabled=${this.busy} @click=${() => this.verify(key)}>Verify</button>
            <button type="button" ?disabled=${this.busy} aria-expanded=${this.editing === key.id}
              @click=${() => {
                this.editing = this.editing === key.id ? null : key.id;
              }}>Edit</button>
            <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.deleteKey(key)}>
              Delete<span class="visually-hidden"> ${key.name}</span>
            </button>
          </div>
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

  private renderChoice(task: "chat" | "feedback", label: string) {
    const chosen = this.preferences?.keys[task] ?? "";
    return html`
      <label for="pref-${task}">${label}</label>
      <select id="pref-${task}" ?disabled=${this.busy} @change=${(e: Event) => this.choose(task, e)}>
        <option value="" ?selected=${!chosen}>No key</option>
        ${(this.keys ?? []).map((k) => html`<option value=${k.id} ?selected=${k.id === chosen}>${k.name}</option>`)}
      </select>
    `;
  }

  override render() {
    return html`
      <h1>AI provider keys</h1>
      <p class="hint">Your keys pay for the tutor and for feedback. They are encrypted at rest; after saving, only the last four characters are ever shown.</p>
      <p class="error" role="alert">${this.error}</p>
      <p class="ok" role="status">${this.notice}</p>
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
        ${this.renderChoice("chat", "Tutor chat")} ${this.renderChoice("feedback", "Submission feedback")}
      </section>
      <section class="panel" aria-labelledby="add-title">
        <h2 id="add-title">Add a key</h2>
        <form @submit=${this.add}>
          <label for="key-name">Name</label>
          <input id="key-name" name="name" required maxlength="100" placeholder="work" />
          <label for="key-provider">Provider</label>
          <select id="key-provider" name="provider" .value=${this.provider}
            @change=${(e: Event) => {
              this.provider = (e.target as HTMLSelectElement).value;
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
}
customElements.define("cg-keys", CgKeys);
