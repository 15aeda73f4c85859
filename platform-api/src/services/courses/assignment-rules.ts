import type { Assignment, AssignmentAttempt, AssignmentStatus, AssignmentTutor } from "@codeground/sdk";
import { type ApiError, fail } from "../../http/errors.js";

/** A learner's timed attempt as stored: when it started and when submissions stop being accepted. */
export interface AttemptTimes {
  startedAt: string;
  endsAt: string;
}

type Rules = Pick<Assignment, "id" | "opensAt" | "dueAt" | "latePolicy" | "timeLimitMinutes">;

/**
 * The last moment a submission is accepted: the due time without a late policy, the policy's
 * `acceptUntil` with one; null when nothing closes it (no due time, or late work accepted forever).
 */
export function closesAt(a: Rules): string | null {
  if (!a.dueAt) return null;
  if (!a.latePolicy) return a.dueAt;
  return a.latePolicy.acceptUntil ?? null;
}

export const hasOpened = (a: Rules, now: string): boolean => !a.opensAt || now >= a.opensAt;
export const isClosed = (a: Rules, now: string): boolean => {
  const close = closesAt(a);
  return close !== null && now > close;
};
export const isLate = (a: Rules, now: string): boolean => a.dueAt !== null && now > a.dueAt;

/**
 * When an attempt started at `startedAt` ends: after the time limit, or when the assignment closes
 * if that is sooner, so the time left a learner sees is the time they really have.
 */
export function attemptEnd(a: Rules, startedAt: string): string {
  const byLimit = new Date(Date.parse(startedAt) + (a.timeLimitMinutes ?? 0) * 60_000).toISOString();
  const close = closesAt(a);
  return close !== null && close < byLimit ? close : byLimit;
}

const secondsUntil = (until: string, now: string): number =>
  Math.max(0, Math.ceil((Date.parse(until) - Date.parse(now)) / 1000));

export const attemptView = (assignmentId: string, attempt: AttemptTimes, now: string): AssignmentAttempt => ({
  assignmentId,
  startedAt: attempt.startedAt,
  endsAt: attempt.endsAt,
  timeLeftSeconds: secondsUntil(attempt.endsAt, now),
});

/** Why an attempt cannot start now (not open yet, or closed), or undefined when it can. */
export function attemptStartRefusal(a: Rules, now: string): ApiError | undefined {
  if (!hasOpened(a, now)) {
    return fail.authorization(
      "assignment_not_open",
      `This assignment opens at ${a.opensAt}; start your attempt after that.`,
    );
  }
  if (isClosed(a, now)) return closedError(a);
  return undefined;
}

function closedError(a: Rules): ApiError {
  return fail.authorization(
    "assignment_closed",
    a.latePolicy
      ? `This assignment accepted late submissions until ${a.latePolicy.acceptUntil}; it is closed now.`
      : `This assignment was due at ${a.dueAt} and does not accept late submissions.`,
  );
}

/**
 * Why a learner's submission to the assignment is refused now, or undefined when it is accepted
 * (late, perhaps): before it opens, after it closes, and for a timed one outside their attempt.
 */
export function submissionRefusal(
  a: Rules,
  attempt: AttemptTimes | undefined,
  now: string,
): ApiError | undefined {
  if (!hasOpened(a, now)) {
    return fail.authorization(
      "assignment_not_open",
      `This assignment opens at ${a.opensAt}; submit after that.`,
    );
  }
  if (isClosed(a, now)) return closedError(a);
  if (a.timeLimitMinutes !== null) {
    if (!attempt) {
      return fail.authorization(
        "attempt_not_started",
        `This assignment is timed (${a.timeLimitMinutes} minutes): start your attempt before submitting (POST /api/v1/assignments/${a.id}/attempts).`,
      );
    }
    if (now > attempt.endsAt) {
      return fail.authorization(
        "attempt_over",
        `Your attempt ended at ${attempt.endsAt}; submissions after it are not accepted.`,
      );
    }
  }
  return undefined;
}

/** Where a learner stands with the assignment now (see `AssignmentStatus`). */
export function statusOf(a: Rules, attempt: AttemptTimes | undefined, now: string): AssignmentStatus {
  if (!hasOpened(a, now)) return "not_open";
  if (isClosed(a, now)) return "closed";
  if (a.timeLimitMinutes !== null) {
    if (!attempt) return "not_started";
    if (now > attempt.endsAt) return "attempt_over";
  }
  return isLate(a, now) ? "late" : "open";
}

/** Seconds to submit in: the running attempt's, else until the due time; null when neither bounds it. */
export function timeLeftOf(a: Rules, attempt: AttemptTimes | undefined, now: string): number | null {
  if (attempt) return secondsUntil(attempt.endsAt, now);
  return a.dueAt ? secondsUntil(a.dueAt, now) : null;
}

const TUTOR_REACH: Record<AssignmentTutor, number> = { open: 2, hints: 1, off: 0 };

/** The strictest of several tutor settings (`off` over `hints` over `open`); undefined for none. */
export function strictestTutor(settings: readonly AssignmentTutor[]): AssignmentTutor | undefined {
  return settings.reduce<AssignmentTutor | undefined>(
    (strictest, t) => (strictest === undefined || TUTOR_REACH[t] < TUTOR_REACH[strictest] ? t : strictest),
    undefined,
  );
}
