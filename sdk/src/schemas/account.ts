import { z } from "zod";
import { Email, Password, SecondFactorCode } from "./auth.js";
import { LocaleTag } from "./chat.js";

/**
 * `POST /auth/signup` answers 202 with this, whether or not the address already had an account:
 * a new address gets a verification link, a known one a message saying someone tried to sign up.
 * Then sign in (`POST /auth/login`); an unverified account can do everything but create courses
 * and embeds.
 */
export const SignupAccepted = z.object({ status: z.literal("verification_sent") });
export type SignupAccepted = z.infer<typeof SignupAccepted>;

/** A single-use link's token, as it arrives in `?token=`. */
const LinkToken = z.string().trim().min(16).max(256);

/** `POST /auth/email/verify`: the token of a verification (or address-change) link. */
export const VerifyEmailRequest = z.object({ token: LinkToken }).strict();
export type VerifyEmailRequest = z.input<typeof VerifyEmailRequest>;

/** `POST /auth/password/forgot`: always 202, known address or not. */
export const ForgotPasswordRequest = z.object({ email: Email }).strict();
export type ForgotPasswordRequest = z.input<typeof ForgotPasswordRequest>;

/**
 * `POST /auth/password/forgot` answers 202 with this whatever the address: a known, enabled
 * account gets a link that works once, for 30 minutes; no other address gets anything.
 */
export const ResetRequested = z.object({ status: z.literal("reset_sent") });
export type ResetRequested = z.infer<typeof ResetRequested>;

/**
 * `POST /auth/password/reset`: the link's token, the new password, and a TOTP or recovery code
 * when the account has two-factor on (`second_factor_required` without one).
 */
export const ResetPasswordRequest = z
  .object({ token: LinkToken, password: Password, code: SecondFactorCode.optional() })
  .strict();
export type ResetPasswordRequest = z.input<typeof ResetPasswordRequest>;

/** `POST /auth/password/reset` succeeded: every session and access token ended; sign in again. */
export const PasswordChanged = z.object({ status: z.literal("password_changed") });
export type PasswordChanged = z.infer<typeof PasswordChanged>;

/** `POST /me/email`: a new address, verified by a link sent to it before it replaces the old one. */
export const ChangeEmailRequest = z.object({ email: Email, password: z.string().min(1).max(1024) }).strict();
export type ChangeEmailRequest = z.input<typeof ChangeEmailRequest>;

/** `PATCH /me`: the display name, and the interface language the account's mail speaks. */
export const UpdateMeRequest = z
  .object({
    displayName: z.string().trim().min(1).max(100).nullable().optional(),
    locale: LocaleTag.nullable().optional(),
  })
  .strict();
export type UpdateMeRequest = z.input<typeof UpdateMeRequest>;

/** The mail one may turn off, each on unless turned off (`GET|PUT /me/notifications`). */
export const NotificationSettings = z.object({
  /** A key in the vault expires within 7 days. */
  keyExpiring: z.boolean(),
  /** A tutor budget (one's own key's, or a course's) reached 80 % or 100 % this month. */
  tutorBudget: z.boolean(),
  /** Two-factor was turned off. */
  mfaDisabled: z.boolean(),
  /** A new access token was created. */
  tokenCreated: z.boolean(),
  /** A sign-in from a browser this account had not used before. */
  newSignIn: z.boolean(),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

/** `PUT /me/notifications`: the switches to change; the others stay. */
export const UpdateNotificationSettings = NotificationSettings.partial().strict();
export type UpdateNotificationSettings = z.input<typeof UpdateNotificationSettings>;

/** `DELETE /me`: the password again, and a TOTP or recovery code when two-factor is on. */
export const DeleteAccountRequest = z
  .object({ password: z.string().min(1).max(1024), code: SecondFactorCode.optional() })
  .strict();
export type DeleteAccountRequest = z.input<typeof DeleteAccountRequest>;
