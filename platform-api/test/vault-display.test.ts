import { describe, expect, it } from "vitest";
import { fingerprint, last4 } from "../src/kms/index.js";

const secret = "sk-test-51HxQe2eZvKYlo2C0aBcDeFgHiJkLmNoPqRsTuVwXyZ";

describe("fingerprint", () => {
  it("is 16 hex characters, the same every time for the same secret", () => {
    expect(fingerprint(secret)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(secret)).toBe(fingerprint(`${secret}`));
  });

  it("tells secrets apart, even ones that differ in one character", () => {
    expect(fingerprint(secret)).not.toBe(fingerprint(`${secret.slice(0, -1)}z`));
    expect(fingerprint("")).not.toBe(fingerprint(" "));
  });

  it("contains no part of the secret and is not a plain SHA-256 of it", async () => {
    const { createHash } = await import("node:crypto");
    const print = fingerprint(secret);
    for (let i = 0; i + 4 <= secret.length; i++) expect(print).not.toContain(secret.slice(i, i + 4));
    expect(createHash("sha256").update(secret).digest("hex")).not.toContain(print);
  });
});

describe("last4", () => {
  it("shows the last four characters of a long secret", () => {
    expect(last4(secret)).toBe("wXyZ");
  });

  it("shows nothing of a secret shorter than 12 characters", () => {
    expect(last4("hunter2")).toBe("");
    expect(last4("")).toBe("");
    expect(last4("12345678901")).toBe("");
    expect(last4("123456789012")).toBe("9012");
  });

  it("counts characters, not UTF-16 halves", () => {
    expect(last4("key-with-emoji-🔑🔑🔑🔑")).toBe("🔑🔑🔑🔑");
  });
});
