import type { Knex } from "knex";

export const name = "015_mfa_attempts";

/**
 * Failed second-factor codes counted per user, across login challenges: a correct password hands
 * out a new challenge, but not new tries. `mfa_failures` is claimed atomically before a code is
 * judged; at the limit the user is blocked until `mfa_blocked_until`, and each block doubles
 * (`mfa_block_strikes`) until a code is accepted.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("users", (t) => {
    t.integer("mfa_failures").notNullable().defaultTo(0);
    t.integer("mfa_block_strikes").notNullable().defaultTo(0);
    t.string("mfa_blocked_until", 30).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("users", (t) => {
    t.dropColumns("mfa_failures", "mfa_block_strikes", "mfa_blocked_until");
  });
}
