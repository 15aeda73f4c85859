import type { Knex } from "knex";

/** How many of each credential an account lost. */
export interface EndedCredentials {
  sessions: number;
  tokens: number;
}

/**
 * Ends every way an account is signed in, inside the caller's transaction: its sessions and
 * second-factor challenges are deleted, its access tokens revoked (kept, for the record). The
 * caller drops the user's cached credentials (`PrincipalCache.forgetUser`) once it commits.
 */
export async function endCredentials(
  trx: Knex.Transaction,
  userId: string,
  at: string,
): Promise<EndedCredentials> {
  const sessions = await trx("sessions").where({ user_id: userId }).delete();
  const tokens = await trx("personal_access_tokens")
    .where({ user_id: userId, revoked_at: null })
    .update({ revoked_at: at });
  await trx("mfa_challenges").where({ user_id: userId }).delete();
  return { sessions, tokens };
}
