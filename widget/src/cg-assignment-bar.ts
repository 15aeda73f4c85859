import type { LearnerAssignment } from "@codeground/sdk";
import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { announcement, formatCountdown, formatDateTime, formatMinutes } from "./assignment-time.js";
import { controlStyles } from "./theme.js";

/** Statuses in which the API refuses a submission now. */
const CLOSED_STATUSES: ReadonlySet<LearnerAssignment["status"]> = new Set([
  "not_open",
  "not_started",
  "attempt_over",
  "closed",
]);

/** Whether the API would take a submission for `assignment` now (as of its last answer). */
export const acceptsSubmissions = (assignment: LearnerAssignment): boolean =>
  !CLOSED_STATUSES.has(assignment.status);

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
      }
      .base {
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
    `,
  ];

  /** The learner's view of the assignment (`GET /assignments/:id`). */
  @property({ attribute: false }) accessor assignment: LearnerAssignment | undefined = undefined;
  /** The locale dates are written in (the host page's `lang`); the browser's by default. */
  @property() accessor locale = "";
  /** The attempt is being started: the button waits. */
  @property({ type: Boolean }) accessor starting = false;

  @state() accessor left: number | undefined = undefined;
  @state() accessor spoken = "";

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
      this.spoken = "Time is up. Submissions are no longer accepted.";
    }
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
    const said = announcement(left);
    if (said !== this.spoken) {
      this.spoken = left > 0 ? said : "Time is up. Submissions are no longer accepted.";
    }
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
    if (!a) return nothing;
    const when = (iso: string) => html`<time datetime=${iso}>${formatDateTime(iso, this.locale)}</time>`;
    const limit = a.timeLimitMinutes ? formatMinutes(a.timeLimitMinutes) : "";
    const timeUp = a.status === "attempt_over" || this.left === 0;
    return html`<section part="base" class="base" aria-labelledby="assignment-title">
      <h2 id="assignment-title">${a.title}</h2>
      ${a.dueAt ? html`<p class="due">Due ${when(a.dueAt)}</p>` : nothing}
      ${
        a.status === "late"
          ? html`<p>
              <span part="late" class="late">Late</span>
              Submitting now is late${a.latePolicy?.penaltyPerDay ? `: ${a.latePolicy.penaltyPerDay}% off per day late` : ""}${
                a.latePolicy?.acceptUntil ? html`, accepted until ${when(a.latePolicy.acceptUntil)}` : ""
              }.
            </p>`
          : nothing
      }
      ${a.status === "not_open" && a.opensAt ? html`<p>Opens ${when(a.opensAt)}; you can submit once it opens.</p>` : nothing}
      ${
        a.status === "not_started"
          ? html`<p>Timed: you have ${limit} from when you start. Submit works once the attempt has started.</p>
              <button part="start-button" class="primary" ?disabled=${this.starting} @click=${this.start}>
                ${this.starting ? "Starting…" : `Start attempt (${limit})`}
              </button>`
          : nothing
      }
      ${
        this.left !== undefined && !timeUp
          ? html`<p>
              Time left:
              <span part="timer" class="timer" role="timer" tabindex="-1" aria-label="Time left">${formatCountdown(this.left)}</span>
            </p>`
          : nothing
      }
      ${timeUp ? html`<p class="over">Your time is up: submissions are no longer accepted.</p>` : nothing}
      ${a.status === "closed" ? html`<p class="over">This assignment is closed: submissions are no longer accepted.</p>` : nothing}
      <span class="visually-hidden" role="status">${this.spoken}</span>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cg-assignment-bar": CgAssignmentBar;
  }
}
