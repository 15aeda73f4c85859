import { createHash, randomBytes } from "node:crypto";

/**
 * Kinds of bearer secrets, told apart by prefix (and by secret scanners): `cgs` sessions, `cgp`
 * personal access tokens, `cgm` two-factor challenges, `cgl` embed learner sessions, `cgi` course
 * invitations, `cgr` password-reset links, `cgv` email verification and address-change links.
 */
export type TokenKind = "cgs" | "cgp" | "cgm" | "cgl" | "cgi" | "cgr" | "cgv";

/** A new random token: `<kind>_` + 32 random bytes, base64url. */
export function newToken(kind: TokenKind): string {
  return `${kind}_${randomBytes(32).toString("base64url")}`;
}

/** What the database stores instead of a token: its SHA-256 (tokens are random, so no salt is needed). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export const tokenKind = (token: string): TokenKind | undefined => {
  const prefix = token.slice(0, 4);
  return prefix === "cgs_" || prefix === "cgp_" || prefix === "cgm_" || prefix === "cgl_"
    ? (prefix.slice(0, 3) as TokenKind)
    : undefined;
};
