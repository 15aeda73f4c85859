import type { KeyGrant } from "@codeground/sdk";
import { html, LitElement, nothing } from "lit";
import { api, describe, type User } from "./api.js";
import { portalStyles } from "./styles.js";

/** The host page's origin as the keys frame passed it, if it is one (scheme, host, port; no path). */
function originParam(value: string | null): string | null {
  if (!value || !URL.canParse(value)) return null;
  const url = new URL(value);
  return url.origin === value && /^https?:$/.test(url.protocol) ? value : null;
}

/**
 * `/connect`, opened by the keys manager inside an embed: the signed-in user says whether that
 * page may manage their key vault for an hour. The grant goes only to the window that opened this
 * one, and only at our own origin (the keys frame's), so neither the host page nor any other
 * window can receive it.
 */
export class CgConnect extends LitElement {
  static override styles = portalStyles;
  static override properties = {
    user: { attribute: false },
    error: { state: true },
    done: { state: true },
    busy: { state: true },
  };
  declare user: User;
  declare error: string;
  /** What happened, once it did: the window can close. */
  declare done: string;
  declare busy: boolean;
  private readonly params = new URLSearchParams(location.search);
  private readonly embed = this.params.get("embed") ?? "";
  private readonly origin = originParam(this.params.get("origin"));

  constructor() {
    super();
    this.error = "";
    this.done = "";
    this.busy = false;
  }

  /** The keys frame that opened us; a message to it is delivered only if it is on our origin. */
  private tell(message: unknown) {
    window.opener?.postMessage(message, location.origin);
  }

  private async allow() {
    if (!this.origin) return;
    this.busy = true;
    this.error = "";
    try {
      const grant = await api<KeyGrant>("POST", "/embed/key-grants", {
        publishableKey: this.embed,
        origin: this.origin,
      });
      this.tell({ type: "cg:grant", grant });
      this.done = "Access granted. You can close this window and go back to the course page.";
      window.close();
    } catch (err) {
      this.error = describe(err);
    } finally {
      this.busy = false;
    }
  }

  private deny() {
    this.tell({ type: "cg:grant-refused", message: "You chose not to connect your Codeground account." });
    this.done = "Nothing was shared. You can close this window.";
    window.close();
  }

  override render() {
    if (this.done)
      return html`<section class="panel"><h1>Connect your keys</h1><p role="status">${this.done}</p></section>`;
    if (!this.origin || !this.embed || !window.opener) {
      return html`<section class="panel">
        <h1>Connect your keys</h1>
        <p class="error" role="alert">
          Open this page from the keys manager on a course page (its “Connect your Codeground account”
          button); there is nothing to connect here.
        </p>
      </section>`;
    }
    return html`
      <section class="panel" aria-labelledby="connect-title">
        <h1 id="connect-title">Connect your keys to ${this.origin}?</h1>
        <p>
          The Codeground keys manager on <strong>${this.origin}</strong> asks to manage the AI provider
          keys in your vault for one hour: list them, add, rename, replace and delete them, and choose
          which one pays for the tutor.
        </p>
        <p class="hint">
          It never sees a saved secret (only its last four characters), nor anything else of your
          account, and the course site itself sees nothing. You can end it there (Disconnect) or on
          your Security page, under access tokens.
        </p>
        <p>Signed in as <strong>${this.user.displayName ?? this.user.email}</strong>.</p>
        <p class="error" role="alert">${this.error}</p>
        <div class="actions">
          <button class="primary" type="button" ?disabled=${this.busy} @click=${this.allow}>Allow for one hour</button>
          <button type="button" ?disabled=${this.busy} @click=${this.deny}>Cancel</button>
          <button type="button" ?disabled=${this.busy} @click=${() =>
            this.dispatchEvent(
              new CustomEvent("cg-signed-out", { bubbles: true, composed: true }),
            )}>Not you? Log out</button>
        </div>
        ${this.busy ? html`<p role="status">Granting…</p>` : nothing}
      </section>
    `;
  }
}
customElements.define("cg-connect", CgConnect);
