import { css, html, LitElement, type PropertyValues } from "lit";
import { portalStyles } from "./styles.js";

/** The page's CSP nonce: CodeMirror's style element needs it under the portal's policy. */
const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce || undefined;

/**
 * A problem in the portal: the widget's own `<cg-problem>` (editor, Run, Submit, results) and
 * `<cg-chat>` (the tutor) rendered in place, calling the API with the portal's cookie session.
 * They load as a separate chunk, so the rest of the portal stays small.
 */
export class CgProblemPage extends LitElement {
  static override styles = [
    portalStyles,
    css`
      .tutor {
        margin-top: 1.5rem;
      }
    `,
  ];
  static override properties = { slug: {}, error: { state: true } };
  declare slug: string;
  declare error: string;

  constructor() {
    super();
    this.slug = "";
    this.error = "";
  }

  override async updated(changed: PropertyValues<this>) {
    if (!changed.has("slug") || !this.slug) return;
    try {
      const widget = await import("@codeground/widget");
      const client = widget.createLearnerClient({ cookieSession: true });
      const mount = (selector: string, tag: string) => {
        const host = this.renderRoot.querySelector(selector);
        if (!host) return;
        const element = document.createElement(tag) as HTMLElement & Record<string, unknown>;
        element.setAttribute("problem", this.slug);
        if (matchMedia("(prefers-color-scheme: dark)").matches) element.setAttribute("theme", "dark");
        element.client = client;
        if (tag === "cg-problem") {
          element.drafts = widget.createDraftStore(localStorage);
          element.cspNonce = nonce;
        }
        host.replaceChildren(element);
      };
      mount("#exercise", "cg-problem");
      mount("#tutor", "cg-chat");
    } catch (err) {
      this.error = `The editor could not load: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  private back(event: MouseEvent) {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    this.dispatchEvent(new CustomEvent("cg-navigate", { detail: "/", bubbles: true, composed: true }));
  }

  override render() {
    return html`
      <p><a href="/" @click=${this.back}>← All problems</a></p>
      <p class="error" role="alert">${this.error}</p>
      <section id="exercise" aria-label="Exercise"></section>
      <div class="tutor">
        <p class="hint">Hints from the AI tutor, paid with the key you chose for chat on the Keys page.</p>
        <div id="tutor"></div>
      </div>
    `;
  }
}
customElements.define("cg-problem-page", CgProblemPage);
