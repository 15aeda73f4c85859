import DOMPurify from "dompurify";
import { css, html, LitElement, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { marked } from "marked";
import { type LearnerClient, WidgetApiError } from "./api.js";
import { I18nController, pickLocale, requestedLocale } from "./i18n.js";
import { chatErrorText, chatMessages } from "./locales/chat/index.js";
import type { ErrorDetail } from "./protocol.js";
import { themeStyles } from "./theme.js";

interface Line {
  role: "user" | "assistant";
  text: string;
}

/**
 * A sanitiser of the tutor's own: its hook marks code left to right (code reads the same in an
 * Arabic interface) and touches no other element's sanitising.
 */
const purify = DOMPurify();
purify.addHook("afterSanitizeAttributes", (node) => {
  if (node.nodeName === "PRE" || node.nodeName === "CODE") node.setAttribute("dir", "ltr");
});

/** The tutor's Markdown, rendered and then sanitised: it is model output, so untrusted. */
const renderMarkdown = (text: string) =>
  purify.sanitize(marked.parse(text, { async: false, gfm: true }) as string, {
    FORBID_TAGS: ["style", "form", "img"],
    FORBID_ATTR: ["style"],
  });

/**
 * The AI tutor for a problem: the learner asks, the answer streams in. Its words come in the
 * `locale` asked for (else the nearest `lang`, else the browser's), and each question tells the
 * tutor that language, so the answers come in it too.
 *
 * @fires cg-ready - The tutor is ready. `detail: { element: "chat", problem }`
 * @fires cg-error - Asking failed. `detail: { code, message }`
 * @csspart base - The whole tutor.
 * @csspart log - The conversation.
 * @csspart form - The question box and its button.
 */
@customElement("cg-chat")
export class CgChat extends LitElement {
  static override styles = [
    themeStyles,
    css`
      :host {
        min-width: 0;
      }
      .base {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.5rem;
        padding: 0.75rem;
      }
      h1 {
        font-size: 1.1rem;
        margin: 0;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.5rem;
      }
      li {
        min-width: 0;
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        padding-block: 0.4rem;
        padding-inline: 0.7rem;
        overflow-wrap: anywhere;
      }
      li.user {
        background: var(--cg-editor-bg);
      }
      .text[data-role="user"] {
        white-space: pre-wrap;
      }
      .who {
        font-size: 0.8rem;
        color: var(--cg-muted);
      }
      .pending {
        color: var(--cg-muted);
      }
      .text :is(pre, code) {
        font-family: var(--cg-mono-font);
      }
      /* Code wraps inside its own block instead of widening the frame. */
      .text pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        text-align: left;
        background: var(--cg-editor-bg);
        border-radius: var(--cg-radius);
        padding: 0.5rem;
      }
      .text table {
        border-collapse: collapse;
        max-width: 100%;
      }
      .text :is(th, td) {
        border: 1px solid var(--cg-border);
        padding: 0.2rem 0.4rem;
        text-align: start;
      }
      .text :is(ul, ol) {
        padding-inline-start: 1.25rem;
      }
      /* The link colour, not the accent: in the dark scheme the accent is a button colour, under 4.5:1 as text. */
      .text a {
        color: var(--cg-link);
      }
      .text > :first-child {
        margin-block-start: 0;
      }
      .text > :last-child {
        margin-block-end: 0;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: flex-end;
      }
      textarea {
        flex: 1 1 12rem;
        min-width: 0;
        box-sizing: border-box;
        font: inherit;
        color: var(--cg-fg);
        background: var(--cg-bg);
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        padding: 0.4rem;
        min-height: 3em;
        resize: vertical;
      }
      .alert {
        border: 1px solid var(--cg-bad);
        border-radius: var(--cg-radius);
        padding-block: 0.5rem;
        padding-inline: 0.75rem;
      }
      @media (max-width: 40rem), (pointer: coarse) {
        button {
          min-height: 44px;
          min-width: 44px;
        }
        /* 16px keeps mobile browsers from zooming into the box when the keyboard opens. */
        textarea {
          font-size: 16px;
          min-height: 44px;
        }
      }
    `,
  ];

  /** The problem the conversation is about. */
  @property({ reflect: true }) accessor problem = "";
  /** An assignment's id: the tutor follows its setting (open, hints only, or off). */
  @property({ reflect: true }) accessor assignment = "";
  /** `auto` (default: the page's `prefers-color-scheme`), `light` or `dark`. */
  @property({ reflect: true }) accessor theme: "light" | "dark" | "auto" = "auto";
  /** The interface language (a BCP 47 tag such as `es`); the nearest `lang`, then the browser's, when empty. */
  @property() accessor locale = "";
  /** The learner's API client (`createLearnerClient`). */
  @property({ attribute: false }) accessor client: LearnerClient | undefined = undefined;

  @state() accessor lines: Line[] = [];
  @state() accessor busy = false;
  @state() accessor failure: ErrorDetail | undefined = undefined;
  /** The API said the assignment turns the tutor off: asking again would only be refused. */
  @state() accessor tutorOff = false;

  private conversation: Promise<string> | undefined;
  private readonly i18n = new I18nController(this, chatMessages);

  /** The supported locale asked for: the catalog's, and the language the tutor is asked to answer in. */
  private get wantedLocale() {
    return pickLocale(this.locale, requestedLocale(this));
  }

  override firstUpdated(): void {
    this.dispatchEvent(
      new CustomEvent("cg-ready", {
        detail: { element: "chat", problem: this.problem },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** Asks the tutor; the answer appears as it streams. */
  async ask(content: string): Promise<void> {
    const client = this.client;
    if (!client || this.busy || this.tutorOff || !content.trim()) return;
    this.busy = true;
    this.failure = undefined;
    this.lines = [...this.lines, { role: "user", text: content }, { role: "assistant", text: "" }];
    try {
      this.conversation ??= client
        .createConversation(this.problem || undefined)
        .then((c) => c.id)
        .catch((err) => {
          this.conversation = undefined;
          throw err;
        });
      const id = await this.conversation;
      const message = {
        content,
        locale: this.wantedLocale,
        ...(this.assignment ? { assignmentId: this.assignment } : {}),
      };
      for await (const event of client.ask(id, message)) {
        if (event.type !== "token") continue;
        const last = this.lines.at(-1);
        if (last) this.lines = [...this.lines.slice(0, -1), { ...last, text: last.text + event.text }];
      }
    } catch (err) {
      const failure: ErrorDetail =
        err instanceof WidgetApiError
          ? { code: err.code, message: err.message }
          : { code: "unexpected", message: "The tutor could not answer; try again." };
      if (failure.code === "tutor_off") {
        this.tutorOff = true;
        // Nothing was answered: the question stays the learner's, not an empty reply.
        this.lines = this.lines.slice(0, -1);
      }
      this.failure = failure;
      const detail: ErrorDetail = { code: failure.code, message: chatErrorText(this.i18n.current, failure) };
      this.dispatchEvent(new CustomEvent("cg-error", { detail, bubbles: true, composed: true }));
    } finally {
      this.busy = false;
    }
  }

  private onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const box = this.renderRoot.querySelector("textarea");
    if (!box) return;
    const content = box.value;
    box.value = "";
    void this.ask(content);
  }

  private onKeydown(event: KeyboardEvent) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      (event.target as HTMLTextAreaElement).form?.requestSubmit();
    }
  }

  override render() {
    const t = this.i18n.request(this.locale, requestedLocale(this));
    return html`<section part="base" class="base" aria-labelledby="tutor-title" lang=${t.locale}
      dir=${this.hasAttribute("dir") ? nothing : t.dir}>
      <h1 id="tutor-title">${t.t("tutor")}</h1>
      <ol part="log" aria-label=${t.t("log")} aria-live="polite" aria-busy=${this.busy ? "true" : "false"}>
        ${this.lines.map(
          (line, i) => html`<li class=${line.role}>
            <div class="who">${line.role === "user" ? t.t("you") : t.t("tutor")}</div>
            <div class="text" data-role=${line.role} dir="auto">${
              line.role === "user"
                ? line.text
                : line.text || !this.busy || i < this.lines.length - 1
                  ? unsafeHTML(renderMarkdown(line.text))
                  : html`<span class="pending">${t.t("answering")}</span>`
            }</div>
          </li>`,
        )}
      </ol>
      ${this.failure ? html`<div class="alert" role="alert">${chatErrorText(t, this.failure)}</div>` : nothing}
      <form part="form" @submit=${this.onSubmit}>
        <label class="visually-hidden" for="question">${t.t("question")}</label>
        <textarea id="question" placeholder=${t.t("placeholder")} enterkeyhint="send"
          @keydown=${this.onKeydown}></textarea>
        <button class="primary" type="submit" ?disabled=${this.busy || this.tutorOff}>${t.t("ask")}</button>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cg-chat": CgChat;
  }
}
