import type { Knex } from "knex";

export const name = "025_submission_waiting";

/**
 * When a submission's run was first lost to an unreachable sandbox: it waits queued for a node to
 * answer, and ends as an internal error only once it has waited `JUDGE_WAIT_MINUTES` from then.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("submissions", (t) => {
    t.string("waiting_since", 30).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("submissions", (t) => {
    t.dropColumn("waiting_since");
  });
}
