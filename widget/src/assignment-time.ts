/**
 * How an assignment's times read: a date in the page's locale, a countdown, and the few moments a
 * screen reader is told how much time is left (not every second).
 */

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

/** `1:05:09`, `12:04` or `0:42`: what the timer shows. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/**
 * What to announce for `seconds` left, rounded up to a step that grows with the time left: every
 * 5 minutes above 10 minutes, every minute below, then 30 seconds, then the end. The announcement
 * is made when this text changes.
 */
export function announcement(seconds: number): string {
  if (seconds <= 0) return "Time is up.";
  if (seconds <= 30) return "30 seconds left.";
  const minutes = seconds <= 600 ? Math.ceil(seconds / 60) : Math.ceil(seconds / 300) * 5;
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"} left.`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h} hour${h === 1 ? "" : "s"}${m ? ` ${m} minutes` : ""} left.`;
}

/** `30 minutes`, `1 hour 30 minutes`: a time limit as a learner reads it. */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const hours = h ? `${h} hour${h === 1 ? "" : "s"}` : "";
  const mins = m ? `${m} minute${m === 1 ? "" : "s"}` : "";
  return [hours, mins].filter(Boolean).join(" ");
}
