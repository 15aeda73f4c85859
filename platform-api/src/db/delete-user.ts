import type { Knex } from "knex";

/**
 * Deletes a user and what belongs to them, in one transaction; returns false when there was no
 * such user. Most rows go by ON DELETE CASCADE, but SQL Server allows one cascade path per table,
 * so the foreign keys that would have been a second path are NO ACTION and are handled here, the
 * same way on every database. Problems the user wrote stay, without an author; the audit log stays
 * (an account deleted through `DELETE /me` has its entries pseudonymised first).
 */
export async function deleteUser(knex: Knex, userId: string): Promise<boolean> {
  return knex.transaction(async (trx) => {
    await trx("feedback").where("user_id", userId).delete();
    await trx("usage").where("user_id", userId).delete();
    await trx("conversations").where("user_id", userId).delete();
    await trx("submissions").where("user_id", userId).delete();
    await trx("problems").where("author_id", userId).update({ author_id: null });
    // Columns that name the user without a foreign key: what was theirs goes, the rest forgets them.
    await trx("assignment_attempts").where("learner_key", `user:${userId}`).delete();
    await trx("assignments").where("created_by", userId).update({ created_by: null });
    await trx("course_invitations").where("invited_by", userId).update({ invited_by: null });
    await trx("course_invitations").where("accepted_by", userId).update({ accepted_by: null });
    await trx("lti_users").where("user_id", userId).update({ user_id: null });
    const deleted = await trx("users").where("id", userId).delete();
    return deleted > 0;
  });
}
