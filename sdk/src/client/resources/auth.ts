import {
  type LoginRequest,
  LoginResponse,
  type MfaLoginRequest,
  Session,
  type SignupRequest,
} from "../../schemas/auth.js";
import type { HttpClient, RequestOptions } from "../http.js";

/** Sign-up, login (with the second factor when the account has one), logout. */
export class AuthResource {
  constructor(private readonly http: HttpClient) {}

  /** Creates an account; the answer's `token` is a session token to use as `token`. */
  signup(input: SignupRequest, options?: RequestOptions): Promise<Session> {
    return this.http.request({ method: "POST", path: "/auth/signup", body: input, schema: Session }, options);
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

  /** Ends the session the client's token belongs to. */
  logout(options?: RequestOptions): Promise<void> {
    return this.http.request({ method: "POST", path: "/auth/logout" }, options);
  }
}
