import { I18nController } from "@codeground/widget/i18n";
import { css, html, LitElement, type PropertyValues } from "lit";
import { portalLocale } from "./locale.js";
import { manageMessages } from "./locales/manage/index.js";
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
  private i18n = new I18nController(this, manageMessages);

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
        // The widget's elements speak the portal's language (a shadow root hides <html lang> from them).
        element.setAttribute("lang", portalLocale());
        // "auto": the element follows the page's colour scheme, also when it changes.
        element.setAttribute("theme", "auto");
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
      this.error = this.i18n.current.t("page.failed", {
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  private back(event: MouseEvent) {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    this.dispatchEvent(new CustomEvent("cg-navigate", { detail: "/", bubbles: true, composed: true }));
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    return html`
      <p><a href="/" @click=${this.back}>${t.t("page.back")}</a></p>
      <p class="error" role="alert">${this.error}</p>
      <section id="exercise" aria-label=${t.t("page.exercise")}></section>
      <div class="tutor">
        <p class="hint">${t.t("page.tutor")}</p>
        <div id="tutor"></div>
      </div>
    `;
  }
}
customElements.define("cg-problem-page", CgProblemPage);
