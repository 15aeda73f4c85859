import {
  type ForgotPasswordRequest,
  PasswordChanged,
  type ResetPasswordRequest,
  ResetRequested,
  SignupAccepted,
  type VerifyEmailRequest,
} from "../../schemas/account.js";
import {
  type LoginRequest,
  LoginResponse,
  type MfaLoginRequest,
  type SignupRequest,
  User,
} from "../../schemas/auth.js";
import type { HttpClient, RequestOptions } from "../http.js";

/** Sign-up, login (with the second factor when the account has one), logout. */
export class AuthResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Asks for an account: the same answer whether or not the address had one (the mail sent to it
   * says which). No session: follow the mailed link (`verifyEmail`), and sign in with `login`.
   */
  signup(input: SignupRequest, options?: RequestOptions): Promise<SignupAccepted> {
    return this.http.request(
      { method: "POST", path: "/auth/signup", body: input, schema: SignupAccepted },
      options,
    );
  }

  /** Follows a verification or address-change link: its `token` (from `?token=`); answers the account. */
  verifyEmail(token: VerifyEmailRequest["token"], options?: RequestOptions): Promise<User> {
    return this.http.request(
      { method: "POST", path: "/auth/email/verify", body: { token }, schema: User },
      options,
    );
  }

  /** A session, or `{ mfaRequired: true, mfaToken }`: then call `loginMfa` with a code. */
  login(input: LoginRequest, options?: RequestOptions): Promise<LoginResponse> {
    return this.http.request(
      { method: "POST", path: "/auth/login", body: input, schema: LoginResponse },
      options,
    );
  }

  /** The second step: the `mfaToken` from `login` and a TOTP or recovery code. */
  loginMfa(input: MfaLoginRequest, options?: RequestOptions): Promise<LoginResponse> {
    return this.http.request(
      { method: "POST", path: "/auth/login/mfa", body: input, schema: LoginResponse },
      options,
    );
  }

  /**
   * Emails a password reset link to `email` when it has an account; the answer is the same
   * either way (202 `reset_sent`).
   */
  forgotPassword(input: ForgotPasswordRequest, options?: RequestOptions): Promise<ResetRequested> {
    return this.http.request(
      { method: "POST", path: "/auth/password/forgot", body: input, schema: ResetRequested },
      options,
    );
  }

  /**
   * Sets a new password with the token of a reset link (and a TOTP or recovery code as `code`
   * when two-factor is on); every session and access token of the account ends.
   */
  resetPassword(input: ResetPasswordRequest, options?: RequestOptions): Promise<PasswordChanged> {
    return this.http.request(
      { method: "POST", path: "/auth/password/reset", body: input, schema: PasswordChanged },
      options,
    );
  }

  /** Ends the session the client's token belongs to. */
  logout(options?: RequestOptions): Promise<void> {
    return this.http.request({ method: "POST", path: "/auth/logout" }, options);
  }
}
