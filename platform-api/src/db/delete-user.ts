import type { Knex } from "knex";

/**
 * Deletes a user and what belongs to them, in one transaction; returns false when there was no
 * such user. Most rows go by ON DELETE CASCADE, but SQL Server allows one cascade path per table,
 * so the foreign keys that would have been a second path are NO ACTION and are handled here, the
 * same way on every database. Problems the user wrote stay, without an author; the audit log stays.
 */
export async function deleteUser(knex: Knex, userId: string): Promise<boolean> {
  return knex.transaction(async (trx) => {
    await trx("feedback").where("user_id", userId).delete();
    await trx("usage").where("user_id", userId).delete();
    await trx("conversations").where("user_id", userId).delete();
    await trx("submissions").where("user_id", userId).delete();
    await trx("problems").where("author_id", userId).update({ author_id: null });
    const deleted = await trx("users").where("id", userId).delete();
    return deleted > 0;
  });
}
