import type { LearnerAssignment } from "@codeground/sdk";
import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import {
  announcement,
  dateLocale,
  formatCountdown,
  formatDateTime,
  formatMinutes,
} from "./assignment-time.js";
import { I18nController, requestedLocale } from "./i18n.js";
import { problemMessages } from "./locales/problem/index.js";
import { controlStyles } from "./theme.js";

/** A message with one `{name}` placeholder filled by a template (a `<time>`), not a string. */
const fill = (text: string, name: string, value: unknown) => {
  const [before, after] = text.split(`{${name}}`);
  return after === undefined ? text : html`${before}${value}${after}`;
};

/**
 * Where the learner stands with an assignment, above `<cg-problem>`'s editor: its title, due time
 * (in the page's locale), a "Late" mark, the Start attempt button of a timed assignment and then
 * the time left. It renders what it is given; `<cg-problem>` asks the API.
 *
 * The countdown runs from the API's `timeLeftSeconds` on this machine's monotonic clock, so a
 * wrong clock on the learner's computer cannot shift it. It is a `role="timer"` (not read out each
 * second); a separate polite status says the time left every 5 minutes, every minute under 10
 * minutes, at 30 seconds and at the end.
 *
 * Its words come in the `locale` asked for (else the nearest `lang`, else the browser's).
 *
 * @fires cg-attempt-start - The learner asked to start the timed attempt (not relayed to the host page).
 * @fires cg-time-up - The countdown reached zero (not relayed to the host page).
 * @csspart base - The whole bar.
 * @csspart late - The "Late" mark.
 * @csspart start-button - The Start attempt button.
 * @csspart timer - The countdown.
 */
@customElement("cg-assignment-bar")
export class CgAssignmentBar extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      .base {
        min-width: 0;
        overflow-wrap: anywhere;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem 1rem;
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        padding: 0.5rem 0.75rem;
      }
      h2 {
        font-size: 1rem;
        margin: 0;
      }
      p {
        margin: 0;
      }
      .late {
        font-weight: 600;
        color: var(--cg-bad);
        border: 1px solid var(--cg-bad);
        border-radius: var(--cg-radius);
        padding: 0 0.4em;
      }
      .timer {
        font-family: var(--cg-mono-font);
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      .over {
        color: var(--cg-bad);
        font-weight: 600;
      }
      @media (max-width: 40rem), (pointer: coarse) {
        button {
          min-height: 44px;
          min-width: 44px;
        }
        .base {
          padding: 0.5rem;
        }
      }
    `,
  ];

  /** The learner's view of the assignment (`GET /assignments/:id`). */
  @property({ attribute: false }) accessor assignment: LearnerAssignment | undefined = undefined;
  /** The language of its words and dates (the host page's `lang`); the nearest `lang` or the browser's by default. */
  @property() accessor locale = "";
  /** The attempt is being started: the button waits. */
  @property({ type: Boolean }) accessor starting = false;

  @state() accessor left: number | undefined = undefined;
  @state() accessor spoken = "";

  private readonly i18n = new I18nController(this, problemMessages);
  private deadline: number | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.deadline !== undefined) this.startTicking();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has("assignment")) return;
    const a = this.assignment;
    clearInterval(this.ticker);
    this.deadline = undefined;
    this.left = undefined;
    if (a?.attempt && a.status !== "attempt_over" && a.timeLeftSeconds !== null) {
      this.deadline = performance.now() + a.timeLeftSeconds * 1000;
      this.tick();
      this.startTicking();
    } else if (a?.status === "attempt_over") {
      this.spoken = this.translator.t("time.upSpoken");
    }
  }

  private get requested(): string {
    return this.locale || requestedLocale(this);
  }

  /** The translator for the locale asked for (English until its messages arrive). */
  private get translator() {
    return this.i18n.request(this.requested);
  }

  /** Moves focus to the countdown (after the Start attempt button has gone). */
  focusTimer(): void {
    this.renderRoot.querySelector<HTMLElement>(".timer")?.focus();
  }

  private startTicking() {
    clearInterval(this.ticker);
    this.ticker = setInterval(() => this.tick(), 1000);
  }

  private tick() {
    if (this.deadline === undefined) return;
    const left = Math.max(0, Math.ceil((this.deadline - performance.now()) / 1000));
    this.left = left;
    const t = this.translator;
    const said = left > 0 ? announcement(t, left) : t.t("time.upSpoken");
    if (said !== this.spoken) this.spoken = said;
    if (left === 0) {
      clearInterval(this.ticker);
      this.deadline = undefined;
      this.dispatchEvent(new CustomEvent("cg-time-up", { bubbles: true, composed: true }));
    }
  }

  private start() {
    this.dispatchEvent(new CustomEvent("cg-attempt-start", { bubbles: true, composed: true }));
  }

  override render() {
    const a = this.assignment;
    const t = this.translator;
    if (!a) return nothing;
    const dates = dateLocale(this.requested, t.locale);
    const when = (iso: string) => html`<time datetime=${iso}>${formatDateTime(iso, dates)}</time>`;
    const limit = a.timeLimitMinutes ? formatMinutes(t, a.timeLimitMinutes) : "";
    const timeUp = a.status === "attempt_over" || this.left === 0;
    return html`<section part="base" class="base" aria-labelledby="assignment-title">
      <h2 id="assignment-title">${a.title}</h2>
      ${a.dueAt ? html`<p class="due">${fill(t.t("due"), "date", when(a.dueAt))}</p>` : nothing}
      ${a.status === "late" ? html`<p><span part="late" class="late">${t.t("late")}</span> ${this.lateText(a, when)}</p>` : nothing}
      ${a.status === "not_open" && a.opensAt ? html`<p>${fill(t.t("opens"), "date", when(a.opensAt))}</p>` : nothing}
      ${
        a.status === "not_started"
          ? html`<p>${t.t("timed", { limit })}</p>
              <button part="start-button" class="primary" ?disabled=${this.starting} @click=${this.start}>
                ${this.starting ? t.t("starting") : t.t("start", { limit })}
              </button>`
          : nothing
      }
      ${
        this.left !== undefined && !timeUp
          ? html`<p>
              ${t.t("timer.shown")}
              <span part="timer" class="timer" role="timer" tabindex="-1" aria-label=${t.t("timer")}>${formatCountdown(t, this.left)}</span>
            </p>`
          : nothing
      }
      ${timeUp ? html`<p class="over">${t.t("over")}</p>` : nothing}
      ${a.status === "closed" ? html`<p class="over">${t.t("closed")}</p>` : nothing}
      <span class="visually-hidden" role="status">${this.spoken}</span>
    </section>`;
  }

  /** "Submitting now is late", with the penalty and the last day the late policy allows. */
  private lateText(a: LearnerAssignment, when: (iso: string) => unknown) {
    const t = this.i18n.current;
    const perDay = a.latePolicy?.penaltyPerDay;
    const penalty = perDay ? t.number(perDay / 100, { style: "percent", maximumFractionDigits: 2 }) : "";
    const until = a.latePolicy?.acceptUntil;
    const key = penalty ? (until ? "late.both" : "late.penalty") : until ? "late.until" : "late.now";
    const text = t.t(key, { penalty });
    return until ? fill(text, "date", when(until)) : text;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cg-assignment-bar": CgAssignmentBar;
  }
}
