/**
 * How an assignment's times read: a date in the page's locale, a countdown, and the few moments a
 * screen reader is told how much time is left (not every second), in the learner's language.
 */
import type { Translator } from "./i18n.js";
import type { ProblemKey } from "./locales/problem/index.js";

type T = Translator<ProblemKey>;

/** A date and time in `locale` (the host page's; the browser's when it is not a usable tag). */
export function formatDateTime(iso: string, locale: string | undefined): string {
  const date = new Date(iso);
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
  try {
    return new Intl.DateTimeFormat(locale || undefined, options).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(date);
  }
}

/** `1:05:09`, `12:04` or `0:42`: what the timer shows, in the locale's digits. */
export function formatCountdown(t: T, seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const two = (n: number) => t.number(n, { minimumIntegerDigits: 2 });
  return h ? `${t.number(h)}:${two(m)}:${two(s % 60)}` : `${t.number(m)}:${two(s % 60)}`;
}

/** `30 minutes`, `1 hour 30 minutes`: a time limit as a learner reads it. */
export function formatMinutes(t: T, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const hours = t.t("duration.hours", { count: h });
  const mins = t.t("duration.minutes", { count: m });
  if (h && m) return t.t("duration.both", { hours, minutes: mins });
  return h ? hours : mins;
}

/**
 * What to announce for `seconds` left, rounded up to a step that grows with the time left: every
 * 5 minutes above 10 minutes, every minute below, then 30 seconds, then the end. The announcement
 * is made when this text changes.
 */
export function announcement(t: T, seconds: number): string {
  if (seconds <= 0) return t.t("time.up");
  if (seconds <= 30) return t.t("time.left", { time: t.t("duration.seconds", { count: 30 }) });
  const minutes = seconds <= 600 ? Math.ceil(seconds / 60) : Math.ceil(seconds / 300) * 5;
  return t.t("time.left", { time: formatMinutes(t, minutes) });
}

/**
 * The tag dates are written in: the one asked for (`en-GB`) while its language is the one the
 * messages are in, else the messages' locale, so a page in a language without a catalog reads
 * its dates in the same language as the words around them.
 */
export function dateLocale(requested: string, messages: string): string {
  const language = (tag: string) => tag.split(/[-_]/)[0]?.toLowerCase();
  return requested && language(requested) === language(messages) ? requested : messages;
}
