import {
  type ChangeEmailRequest,
  type DeleteAccountRequest,
  NotificationSettings,
  SignupAccepted,
  type UpdateMeRequest,
  type UpdateNotificationSettings,
} from "../../schemas/account.js";
import { AccountExport } from "../../schemas/account-data.js";
import {
  type AccessToken,
  CreatedToken,
  type CreateTokenRequest,
  RecoveryCodesResponse,
  type TotpCodeRequest,
  type TotpSetupRequest,
  TotpSetupResponse,
  User,
} from "../../schemas/auth.js";
import { Preferences, type UpdatePreferencesRequest } from "../../schemas/keys.js";
import type { HttpClient, RequestOptions } from "../http.js";
import { AccessTokenList } from "../schemas.js";

/** Two-factor authentication with an authenticator app (TOTP), and recovery codes. */
export class TotpResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * A new secret to show as a QR code (`qrSvg`) or `otpauthUrl`; not active until `enable`. Needs a
   * sign-in session (not an access token) that signed in within 15 minutes, or `password` again;
   * so do `enable`, `disable` and new recovery codes.
   */
  setup(input: TotpSetupRequest = {}, options?: RequestOptions): Promise<TotpSetupResponse> {
    return this.http.request(
      { method: "POST", path: "/me/mfa/totp/setup", body: input, schema: TotpSetupResponse },
      options,
    );
  }

  /** Turns TOTP on with a current code; answers the recovery codes, shown this once. */
  enable(input: TotpCodeRequest, options?: RequestOptions): Promise<RecoveryCodesResponse> {
    return this.http.request(
      { method: "POST", path: "/me/mfa/totp/enable", body: input, schema: RecoveryCodesResponse },
      options,
    );
  }

  disable(input: TotpCodeRequest, options?: RequestOptions): Promise<void> {
    return this.http.request({ method: "POST", path: "/me/mfa/totp/disable", body: input }, options);
  }
}

/** Personal access tokens: the value is in `create`'s answer only. */
export class TokensResource {
  constructor(private readonly http: HttpClient) {}

  list(options?: RequestOptions): Promise<AccessToken[]> {
    return this.http.request({ method: "GET", path: "/me/tokens", schema: AccessTokenList }, options);
  }

  /** Needs a signed-in session (a token cannot mint tokens). */
  create(input: CreateTokenRequest, options?: RequestOptions): Promise<CreatedToken> {
    return this.http.request(
      { method: "POST", path: "/me/tokens", body: input, schema: CreatedToken },
      options,
    );
  }

  delete(id: string, options?: RequestOptions): Promise<void> {
    return this.http.request({ method: "DELETE", path: `/me/tokens/${encodeURIComponent(id)}` }, options);
  }
}

/** Which vault key serves which task (`chat`, `feedback`). */
export class PreferencesResource {
  constructor(private readonly http: HttpClient) {}

  get(options?: RequestOptions): Promise<Preferences> {
    return this.http.request({ method: "GET", path: "/me/preferences", schema: Preferences }, options);
  }

  /** A key id sets a task's key, `null` clears it, a task left out keeps its key. */
  update(input: UpdatePreferencesRequest, options?: RequestOptions): Promise<Preferences> {
    return this.http.request(
      { method: "PUT", path: "/me/preferences", body: input, schema: Preferences },
      options,
    );
  }
}

/** The signed-in account. */
export class MeResource {
  readonly totp: TotpResource;
  readonly tokens: TokensResource;
  readonly preferences: PreferencesResource;

  constructor(private readonly http: HttpClient) {
    this.totp = new TotpResource(http);
    this.tokens = new TokensResource(http);
    this.preferences = new PreferencesResource(http);
  }

  get(options?: RequestOptions): Promise<User> {
    return this.http.request({ method: "GET", path: "/me", schema: User }, options);
  }

  /** Which notification mail the account gets: every switch is on until turned off. */
  notifications(options?: RequestOptions): Promise<NotificationSettings> {
    return this.http.request(
      { method: "GET", path: "/me/notifications", schema: NotificationSettings },
      options,
    );
  }

  /** Turns notifications on or off; the switches left out stay. Answers every switch. */
  updateNotifications(
    input: UpdateNotificationSettings,
    options?: RequestOptions,
  ): Promise<NotificationSettings> {
    return this.http.request(
      { method: "PUT", path: "/me/notifications", body: input, schema: NotificationSettings },
      options,
    );
  }

  /** Changes the display name or the language the account's mail speaks; `null` clears one. */
  update(input: UpdateMeRequest, options?: RequestOptions): Promise<User> {
    return this.http.request({ method: "PATCH", path: "/me", body: input, schema: User }, options);
  }

  /** A new verification link to the account's address (older ones stop working); 409 when verified. */
  resendVerification(options?: RequestOptions): Promise<SignupAccepted> {
    return this.http.request(
      { method: "POST", path: "/me/email/verification", schema: SignupAccepted },
      options,
    );
  }

  /** A link to a new address, after the password; the address changes when the link is followed. */
  changeEmail(input: ChangeEmailRequest, options?: RequestOptions): Promise<SignupAccepted> {
    return this.http.request(
      { method: "POST", path: "/me/email", body: input, schema: SignupAccepted },
      options,
    );
  }

  /** Replaces the recovery codes (the old ones stop working); needs a current TOTP code. */
  recoveryCodes(input: TotpCodeRequest, options?: RequestOptions): Promise<RecoveryCodesResponse> {
    return this.http.request(
      { method: "POST", path: "/me/mfa/recovery-codes", body: input, schema: RecoveryCodesResponse },
      options,
    );
  }

  /** Everything kept about the account, as one JSON document (never a token, hash or secret). */
  export(options?: RequestOptions): Promise<AccountExport> {
    return this.http.request({ method: "GET", path: "/me/export", schema: AccountExport }, options);
  }

  /**
   * Deletes the account for good, from a signed-in session: the password, and a TOTP or recovery
   * code when two-factor is on. 409 `owns_courses` while it owns a course where others teach.
   */
  delete(input: DeleteAccountRequest, options?: RequestOptions): Promise<void> {
    return this.http.request({ method: "DELETE", path: "/me", body: input }, options);
  }
}
