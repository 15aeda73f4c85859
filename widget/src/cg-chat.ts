import DOMPurify from "dompurify";
import { css, html, LitElement, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { marked } from "marked";
import { type LearnerClient, WidgetApiError } from "./api.js";
import type { ErrorDetail } from "./protocol.js";
import { themeStyles } from "./theme.js";

interface Line {
  role: "user" | "assistant";
  text: string;
}

/** The tutor's Markdown, rendered and then sanitised: it is model output, so untrusted. */
const renderMarkdown = (text: string) =>
  DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true }) as string, {
    FORBID_TAGS: ["style", "form", "img"],
    FORBID_ATTR: ["style"],
  });

/**
 * The AI tutor for a problem: the learner asks, the answer streams in.
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
      .base {
        display: grid;
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
        gap: 0.5rem;
      }
      li {
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        padding: 0.4rem 0.7rem;
      }
      li.user {
        background: var(--cg-editor-bg);
      }
      .who {
        font-size: 0.8rem;
        color: var(--cg-muted);
      }
      .text :is(pre, code) {
        font-family: var(--cg-mono-font);
      }
      .text a {
        color: var(--cg-accent);
      }
      .text > :first-child {
        margin-top: 0;
      }
      .text > :last-child {
        margin-bottom: 0;
      }
      form {
        display: flex;
        gap: 0.5rem;
        align-items: flex-end;
      }
      textarea {
        flex: 1;
        font: inherit;
        color: var(--cg-fg);
        background: var(--cg-bg);
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        padding: 0.4rem;
        min-height: 3em;
      }
      .alert {
        border: 1px solid var(--cg-bad);
        border-radius: var(--cg-radius);
        padding: 0.5rem 0.75rem;
      }
    `,
  ];

  /** The problem the conversation is about. */
  @property({ reflect: true }) accessor problem = "";
  /** An assignment's id: the tutor follows its setting (open, hints only, or off). */
  @property({ reflect: true }) accessor assignment = "";
  /** `light` (default) or `dark`. */
  @property({ reflect: true }) accessor theme: "light" | "dark" = "light";
  /** The learner's API client (`createLearnerClient`). */
  @property({ attribute: false }) accessor client: LearnerClient | undefined = undefined;

  @state() accessor lines: Line[] = [];
  @state() accessor busy = false;
  @state() accessor failure: ErrorDetail | undefined = undefined;
  /** The API said the assignment turns the tutor off: asking again would only be refused. */
  @state() accessor tutorOff = false;

  private conversation: Promise<string> | undefined;

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
      const message = { content, ...(this.assignment ? { assignmentId: this.assignment } : {}) };
      for await (const event of client.ask(id, message)) {
        if (event.type !== "token") continue;
        const last = this.lines.at(-1);
        if (last) this.lines = [...this.lines.slice(0, -1), { ...last, text: last.text + event.text }];
      }
    } catch (err) {
      const detail: ErrorDetail =
        err instanceof WidgetApiError && err.code === "tutor_off"
          ? { code: err.code, message: "The tutor is off during this assignment." }
          : err instanceof WidgetApiError
            ? { code: err.code, message: err.message }
            : { code: "unexpected", message: "The tutor could not answer; try again." };
      if (detail.code === "tutor_off") {
        this.tutorOff = true;
        // Nothing was answered: the question stays the learner's, not an empty reply.
        this.lines = this.lines.slice(0, -1);
      }
      this.failure = detail;
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
    return html`<section part="base" class="base" aria-labelledby="tutor-title">
      <h1 id="tutor-title">Tutor</h1>
      <ol part="log" aria-live="polite" aria-busy=${this.busy ? "true" : "false"}>
        ${this.lines.map(
          (line) => html`<li class=${line.role}>
            <div class="who">${line.role === "user" ? "You" : "Tutor"}</div>
            <div class="text" data-role=${line.role}>
              ${line.role === "assistant" ? unsafeHTML(renderMarkdown(line.text)) : line.text}
            </div>
          </li>`,
        )}
      </ol>
      ${this.failure ? html`<div class="alert" role="alert">${this.failure.message}</div>` : nothing}
      <form part="form" @submit=${this.onSubmit}>
        <label class="visually-hidden" for="question">Ask the tutor</label>
        <textarea id="question" placeholder="Ask for a hint…" @keydown=${this.onKeydown}></textarea>
        <button class="primary" type="submit" ?disabled=${this.busy || this.tutorOff}>Ask</button>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cg-chat": CgChat;
  }
}
