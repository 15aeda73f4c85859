import type { Knex } from "knex";

export const name = "020_lti";

/**
 * LTI 1.3: Codeground as a tool inside learning-management systems.
 *
 * - `lti_tool_keys`: the tool's RSA signing keys; the private key sealed by the vault (owner
 *   `system`, like `system_secrets`), the public one as a JWK for `GET /lti/jwks`. The newest key
 *   not retired is current; the one retired last is still published as the previous one.
 * - `lti_registrations` (a platform: issuer and client id, unique together, owned by the user who
 *   registered it) and `lti_deployments` (the deployment ids it may launch with).
 * - `lti_login_states`: OIDC login initiation's state and nonce until the launch (sha-256 of each,
 *   never the values), and how the browser was bound to them (`cookie` or platform `storage`).
 * - `lti_nonces`: nonces of accepted launches, kept until their id_token expires, so one is used once.
 * - `lti_contexts`: an LMS context (a course there) linked to the Codeground course it launches into,
 *   and the embed whose learner sessions its learners get.
 * - `lti_users`: a person of the platform (`sub`) as the tool knows them; `user_id` links a
 *   Codeground account where there is one. No foreign key on it: users already reach this table
 *   through registrations, and SQL Server allows one cascade path; a dangling id is ignored in code.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("lti_tool_keys", (t) => {
    // The key id (kid) published in the JWKS and written in the header of everything signed with it.
    t.string("id", 64).notNullable().primary();
    t.string("owner", 36).notNullable();
    // Envelope of the PKCS#8 PEM private key.
    t.text("private_key").notNullable();
    // JSON: the public JWK (kty, n, e).
    t.text("public_jwk").notNullable();
    t.string("created_at", 30).notNullable().index();
    t.string("retired_at", 30).nullable();
  });
  await knex.schema.createTable("lti_registrations", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("owner_id", 36).notNullable().index().references("id").inTable("users").onDelete("CASCADE");
    t.string("name", 200).nullable();
    t.string("issuer", 255).notNullable();
    t.string("client_id", 255).notNullable();
    t.string("auth_login_url", 2048).notNullable();
    t.string("auth_token_url", 2048).notNullable();
    t.string("keyset_url", 2048).notNullable();
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
    t.unique(["issuer", "client_id"]);
  });
  await knex.schema.createTable("lti_deployments", (t) => {
    t.string("registration_id", 36)
      .notNullable()
      .references("id")
      .inTable("lti_registrations")
      .onDelete("CASCADE");
    t.string("deployment_id", 255).notNullable();
    t.string("created_at", 30).notNullable();
    t.primary(["registration_id", "deployment_id"]);
  });
  await knex.schema.createTable("lti_login_states", (t) => {
    // sha-256 hex of the state sent to the platform.
    t.string("state_hash", 64).notNullable().primary();
    // sha-256 hex of the nonce the id_token must carry.
    t.string("nonce_hash", 64).notNullable();
    t.string("registration_id", 36)
      .notNullable()
      .references("id")
      .inTable("lti_registrations")
      .onDelete("CASCADE");
    t.string("deployment_id", 255).nullable();
    t.string("target_link_uri", 2048).notNullable();
    // cookie (a partitioned cookie) | storage (the platform's postMessage storage).
    t.string("binding", 8).notNullable();
    // The platform's storage frame (`lti_storage_target`) when the binding is `storage`.
    t.string("storage_target", 100).nullable();
    t.string("created_at", 30).notNullable();
    t.string("expires_at", 30).notNullable().index();
  });
  await knex.schema.createTable("lti_nonces", (t) => {
    // sha-256 hex of the nonce.
    t.string("nonce_hash", 64).notNullable().primary();
    t.string("used_at", 30).notNullable();
    t.string("expires_at", 30).notNullable().index();
  });
  await knex.schema.createTable("lti_contexts", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("registration_id", 36)
      .notNullable()
      .references("id")
      .inTable("lti_registrations")
      .onDelete("CASCADE");
    t.string("context_id", 255).notNullable();
    t.string("title", 200).nullable();
    t.string("course_id", 36).notNullable().index().references("id").inTable("courses").onDelete("CASCADE");
    // The course embed whose learner sessions LTI learners get; cleared in code with the embed.
    t.string("embed_id", 36).nullable();
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
    t.unique(["registration_id", "context_id"]);
  });
  await knex.schema.createTable("lti_users", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("registration_id", 36)
      .notNullable()
      .references("id")
      .inTable("lti_registrations")
      .onDelete("CASCADE");
    t.string("sub", 255).notNullable();
    t.string("user_id", 36).nullable().index();
    t.string("display_name", 200).nullable();
    t.string("created_at", 30).notNullable();
    t.string("last_launch_at", 30).notNullable();
    t.unique(["registration_id", "sub"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("lti_users");
  await knex.schema.dropTable("lti_contexts");
  await knex.schema.dropTable("lti_nonces");
  await knex.schema.dropTable("lti_login_states");
  await knex.schema.dropTable("lti_deployments");
  await knex.schema.dropTable("lti_registrations");
  await knex.schema.dropTable("lti_tool_keys");
}
