/**
 * Times as a `datetime-local` field holds them (the viewer's own clock, to the minute) and as the
 * API takes them (ISO 8601 in UTC).
 */

/** `2027-01-31T10:00` in the viewer's time zone, for a `datetime-local` field; "" for none. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const at = new Date(iso);
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** A `datetime-local` field's value (local time, no offset) as UTC ISO 8601; null when empty. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** A time as the viewer reads it: "31 Jan 2027, 10:00" in their locale (a tag) and time zone. */
export function formatTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

/** The viewer's time zone, named: the fields are in it. */
export const timeZoneName = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
