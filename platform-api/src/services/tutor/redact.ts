/**
 * Personal data a learner may paste into a message or their code: redacted before anything
 * leaves the server for an AI provider. Card numbers only when their digits pass the Luhn check,
 * so ordinary long numbers in code survive.
 */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** 13 to 19 digits, optionally grouped by single spaces or dashes. */
const CARD = /(?<!\w|\d\.)\d(?:[ -]?\d){12,18}(?!\w|\.\d)/g;
/**
 * International (+…) numbers, or numbers written in groups as people write phone numbers:
 * `(555) 123-4567`, `555-123-4567`, `555.123.4567`, `+44 20 7946 0958`.
 */
const PHONE =
  /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d[\d .-]{6,16}\d|\(\d{2,4}\)[ .-]?\d{3,4}[ .-]?\d{3,4}|\d{3}[.-]\d{3,4}[.-]\d{4})(?![\w])/g;

/** Whether a string of digits passes the Luhn check (payment card numbers do). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const digitCount = (text: string) => text.replace(/\D/g, "").length;

/** Replaces emails, payment card numbers and phone numbers with `[email]`, `[card]`, `[phone]`. */
export function redact(text: string): string {
  return text
    .replace(EMAIL, "[email]")
    .replace(CARD, (match) => (luhnValid(match.replace(/\D/g, "")) ? "[card]" : match))
    .replace(PHONE, (match) => {
      const n = digitCount(match);
      return n >= 9 && n <= 15 ? "[phone]" : match;
    });
}
