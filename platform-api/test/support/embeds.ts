import { EmbedWithSecret } from "@codeground/sdk";
import { SignJWT } from "jose";
import { expect } from "vitest";
import { newEmail, signUp } from "./accounts.js";
import type { TestApi } from "./api.js";

export const ORIGIN = "https://course.example.edu";

let n = 0;

/** A new account; `author` makes it an author (who may create embeds). */
export async function signup(api: TestApi, role: "learner" | "author" = "author") {
  const { token, user } = await signUp(api, { email: newEmail("embed") });
  if (role === "author") await api.db("users").where({ id: user.id }).update({ role: "author" });
  return { token, userId: user.id };
}

export async function createEmbed(api: TestApi, token: string, overrides: Record<string, unknown> = {}) {
  const res = await api.call("POST", "/api/v1/embeds", {
    token,
    body: { name: `course ${++n}`, allowedOrigins: [ORIGIN], features: ["problem", "chat"], ...overrides },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return EmbedWithSecret.parse(res.body);
}

/** A learner token as a host site would sign it: HS256 with the embed's secret key. */
export function learnerToken(
  secretKey: string,
  claims: Record<string, unknown> = {},
  { nowS, expiresInS = 600, alg = "HS256" }: { nowS: number; expiresInS?: number; alg?: string },
) {
  return new SignJWT({ sub: "learner-42", name: "Ada", ...claims })
    .setProtectedHeader({ alg, typ: "JWT" })
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + expiresInS)
    .sign(new TextEncoder().encode(secretKey));
}

/** `POST /embed/sessions` as the embed frame or host page sends it. */
export function startSession(
  api: TestApi,
  publishableKey: string,
  body: Record<string, unknown> = {},
  /** `null` sends no Origin, as a non-browser client would. */
  origin: string | null = ORIGIN,
) {
  return api.call("POST", "/api/v1/embed/sessions", {
    body,
    headers: { "X-Embed-Key": publishableKey, ...(origin ? { Origin: origin } : {}) },
  });
}
