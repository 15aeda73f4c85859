import type { Knex } from "knex";

export const name = "009_key_list_index";

/**
 * `GET /keys` lists a user's keys oldest first on every call; with the order in the index the
 * database reads them in order instead of sorting per request.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("api_keys", (t) => {
    t.index(["user_id", "created_at", "id"], "api_keys_user_created_index");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("api_keys", (t) => {
    t.dropIndex(["user_id", "created_at", "id"], "api_keys_user_created_index");
  });
}
