import { z } from "zod";
import { LocaleTag } from "./chat.js";

export const Email = z
  .string()
  .trim()
  .max(254)
  .email("enter a valid email address")
  .transform((e) => e.toLowerCase());

/** Long passphrases welcome; bcrypt-style 72-byte caps do not apply (argon2id). */
export const Password = z
  .string()
  .min(10, "use at least 10 characters")
  .max(1024, "use at most 1024 characters");

export const Role = z.enum(["learner", "author", "admin"]);
export type Role = z.infer<typeof Role>;

export const SignupRequest = z
  .object({
    email: Email,
    password: Password,
    displayName: z.string().trim().min(1).max(100).optional(),
    /** The interface language at sign-up: the account's mail speaks it. */
    locale: LocaleTag.optional(),
  })
  .strict();
export type SignupRequest = z.input<typeof SignupRequest>;

export const LoginRequest = z.object({ email: Email, password: z.string().min(1).max(1024) }).strict();
export type LoginRequest = z.input<typeof LoginRequest>;

/** A 6-digit TOTP code or a recovery code (`xxxxx-xxxxx`). */
export const SecondFactorCode = z
  .string()
  .trim()
  .min(6)
  .max(32)
  .regex(
    /^[0-9]{6}$|^[a-z0-9]{5}-?[a-z0-9]{5}$/i,
    "enter the 6-digit code from your app, or a recovery code",
  );

export const MfaLoginRequest = z
  .object({ mfaToken: z.string().min(16).max(256), code: SecondFactorCode })
  .strict();
export type MfaLoginRequest = z.input<typeof MfaLoginRequest>;

export const User = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string().nullable(),
  role: Role,
  mfaEnabled: z.boolean(),
  /** Whether the address was verified (a link it received was followed); unverified accounts cannot create courses or embeds. */
  emailVerified: z.boolean(),
  /** The interface language the account's mail speaks (a BCP 47 tag), or null for English. */
  locale: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

/**
 * A session. Browsers get it as an HttpOnly cookie only (no `token` in the body, so page
 * scripts never hold it); other clients get `token` to send as `Authorization: Bearer`.
 */
export const Session = z.object({ user: User, token: z.string().optional(), expiresAt: z.string() });
export type Session = z.infer<typeof Session>;

export const LoginResponse = z.union([
  Session.extend({ mfaRequired: z.literal(false) }),
  z.object({ mfaRequired: z.literal(true), mfaToken: z.string(), expiresAt: z.string() }),
]);
export type LoginResponse = z.infer<typeof LoginResponse>;

export const TotpSetupResponse = z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });
export type TotpSetupResponse = z.infer<typeof TotpSetupResponse>;

/**
 * The password again, for a change to the second factor on a session that signed in more than
 * 15 minutes ago (`reauthentication_required`).
 */
const CurrentPassword = z.string().min(1).max(1024);

export const TotpCodeRequest = z
  .object({ code: SecondFactorCode, password: CurrentPassword.optional() })
  .strict();
export type TotpCodeRequest = z.input<typeof TotpCodeRequest>;

export const TotpSetupRequest = z.object({ password: CurrentPassword.optional() }).strict();
export type TotpSetupRequest = z.input<typeof TotpSetupRequest>;

export const RecoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodesResponse = z.infer<typeof RecoveryCodesResponse>;

/**
 * What an access token may do: `read` and `write` most things, `keys` read and use the key vault
 * (changing it takes `write` too), `keys:write` change the vault and the choice of key per task and
 * nothing else (the grant a keys manager inside an embed receives).
 */
export const TokenScope = z.enum(["read", "write", "keys", "keys:write"]);
export type TokenScope = z.infer<typeof TokenScope>;

export const CreateTokenRequest = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(TokenScope).min(1).default(["read", "write"]),
    expiresInDays: z.number().int().min(1).max(365).optional(),
  })
  .strict();
export type CreateTokenRequest = z.input<typeof CreateTokenRequest>;

export const AccessToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(TokenScope),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type AccessToken = z.infer<typeof AccessToken>;

/** The token's value is in this response only; it is stored hashed. */
export const CreatedToken = AccessToken.extend({ token: z.string() });
export type CreatedToken = z.infer<typeof CreatedToken>;

/** Masking an address for display; a module of its own, so a bundle that masks carries no schema. */
export { maskEmail } from "./mask-email.js";
