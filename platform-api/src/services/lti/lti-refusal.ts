/**
 * A launch or login the tool refuses: the HTTP status, a reason code for the audit log, and a
 * message the person in the LMS (or its administrator) can act on. Never carries a token, a
 * nonce, a state or a key.
 */
export class LtiRefusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 410 | 502,
    readonly reason: string,
    message: string,
    /** The registration concerned, when known (for the audit entry). */
    readonly registrationId: string | null = null,
  ) {
    super(message);
    this.name = "LtiRefusal";
  }
}

export const refuse = (
  status: LtiRefusal["status"],
  reason: string,
  message: string,
  registrationId: string | null = null,
) => new LtiRefusal(status, reason, message, registrationId);
