import type { User } from "@codeground/sdk";
import type { Knex } from "knex";
import { expect } from "vitest";
import { harvestSecrets } from "./leaks.js";

export const PASSWORD = "correct horse battery staple";

let n = 0;

/** A unique address for a test account. */
export const newEmail = (prefix = "user") => `${prefix}${++n}-${Date.now()}@example.com`;

export interface SignedUp {
  /** A session token (`cgs_…`), as a browser-less client gets it from `POST /auth/login`. */
  token: string;
  user: User;
  email: string;
  password: string;
}

async function post(url: string, path: string, body: unknown) {
  harvestSecrets(body);
  const response = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields freely
  const parsed: any = text ? JSON.parse(text) : undefined;
  harvestSecrets(parsed);
  return { status: response.status, body: parsed };
}

/**
 * A new account through the real sign-up (202, no session) and sign-in. `verified` (the default)
 * marks the address verified in the database, as following the mailed link would: a fixture,
 * since most tests are not about email (email-verification.test.ts follows the real link).
 */
export async function signUp(
  api: { url: string; db: Knex },
  {
    email = newEmail(),
    password = PASSWORD,
    displayName,
    verified = true,
  }: { email?: string; password?: string; displayName?: string; verified?: boolean } = {},
): Promise<SignedUp> {
  const signup = await post(api.url, "/api/v1/auth/signup", {
    email,
    password,
    ...(displayName !== undefined ? { displayName } : {}),
  });
  expect(signup.status, JSON.stringify(signup.body)).toBe(202);
  const address = email.trim().toLowerCase();
  if (verified) {
    const updated = await api
      .db("users")
      .where({ email: address })
      .update({ email_verified_at: new Date().toISOString() });
    expect(updated).toBe(1);
  }
  const login = await post(api.url, "/api/v1/auth/login", { email, password });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  expect(login.body.mfaRequired).toBe(false);
  return { token: login.body.token as string, user: login.body.user as User, email: address, password };
}

/**
 * The `cg_session` cookie among an answer's `Set-Cookie` headers, attributes and all ("" when
 * none): a sign-in may set other cookies too, in any order.
 */
export function sessionCookie(headers: Headers): string {
  return headers.getSetCookie().find((c) => c.startsWith("cg_session=")) ?? "";
}
