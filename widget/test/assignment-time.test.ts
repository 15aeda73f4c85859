import { expect, it } from "vitest";
import { announcement, formatCountdown, formatDateTime, formatMinutes } from "../src/assignment-time.js";
import { Translator } from "../src/i18n.js";
import { problemMessages } from "../src/locales/problem/index.js";

const en = new Translator("en", problemMessages.english, problemMessages.english);

it("announces the time left every 5 minutes, every minute under 10, at 30 seconds and at the end", () => {
  const said = new Set<string>();
  for (let s = 30 * 60; s >= 0; s--) said.add(announcement(en, s));
  expect([...said]).toEqual([
    "30 minutes left.",
    "25 minutes left.",
    "20 minutes left.",
    "15 minutes left.",
    "10 minutes left.",
    "9 minutes left.",
    "8 minutes left.",
    "7 minutes left.",
    "6 minutes left.",
    "5 minutes left.",
    "4 minutes left.",
    "3 minutes left.",
    "2 minutes left.",
    "1 minute left.",
    "30 seconds left.",
    "Time is up.",
  ]);
  expect(announcement(en, 90 * 60)).toBe("1 hour 30 minutes left.");
});

it("writes the countdown, the time limit and dates as a learner reads them", () => {
  expect(formatCountdown(en, 1800)).toBe("30:00");
  expect(formatCountdown(en, 42)).toBe("0:42");
  expect(formatCountdown(en, 3909)).toBe("1:05:09");
  expect(formatCountdown(en, -3)).toBe("0:00");
  expect(formatMinutes(en, 30)).toBe("30 minutes");
  expect(formatMinutes(en, 90)).toBe("1 hour 30 minutes");
  expect(formatMinutes(en, 120)).toBe("2 hours");
  const iso = "2026-11-26T12:00:00.000Z";
  expect(formatDateTime(iso, "not a locale!")).toBe(formatDateTime(iso, undefined));
});
