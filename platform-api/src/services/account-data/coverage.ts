import type { Knex } from "knex";

/**
 * Where a table that names a user goes in the account's export, or why it is not the account's
 * data. Every table with such a column must be listed: a test reads the real schema and fails on
 * one that is not, so a new table cannot quietly escape the export (and the deletion).
 */
export type Coverage =
  | { columns: readonly string[]; section: string }
  | { columns: readonly string[]; section: null; reason: string };

/** Column names that name a user even without a foreign key to `users`. */
export const USER_COLUMN = /(^|_)(user|owner|author|actor|creator)(_id)?$|_by$|^learner_key$/;

/** Every table that names a user, by table: the columns that do, and the export section they go to. */
export const USER_TABLES: Readonly<Record<string, Coverage>> = {
  users: { columns: ["id"], section: "profile" },
  sessions: { columns: ["user_id"], section: "sessions" },
  mfa_challenges: { columns: ["user_id"], section: "signInChallenges" },
  personal_access_tokens: { columns: ["user_id"], section: "accessTokens" },
  recovery_codes: { columns: ["user_id"], section: "recoveryCodes" },
  api_keys: { columns: ["user_id"], section: "keys" },
  user_preferences: { columns: ["user_id"], section: "preferences" },
  problems: { columns: ["author_id"], section: "problems" },
  embeds: { columns: ["owner_id"], section: "embeds" },
  submissions: { columns: ["user_id"], section: "submissions" },
  conversations: { columns: ["user_id"], section: "conversations" },
  usage: { columns: ["user_id"], section: "usage" },
  feedback: { columns: ["user_id"], section: "feedback" },
  audit_log: { columns: ["actor_id"], section: "auditLog" },
  course_members: { columns: ["user_id"], section: "courses" },
  course_invitations: { columns: ["invited_by", "accepted_by"], section: "invitations" },
  assignments: { columns: ["created_by"], section: "assignmentsCreated" },
  assignment_attempts: { columns: ["learner_key"], section: "assignmentAttempts" },
  lti_registrations: { columns: ["owner_id"], section: "ltiRegistrations" },
  lti_users: { columns: ["user_id"], section: "ltiLinks" },
  email_tokens: { columns: ["user_id"], section: "emailTokens" },
  mail_outbox: { columns: ["user_id"], section: "mail" },
  notification_settings: { columns: ["user_id"], section: "notificationSettings" },
  notifications_sent: { columns: ["user_id"], section: "notificationsSent" },
  known_browsers: { columns: ["user_id"], section: "knownBrowsers" },
  system_secrets: {
    columns: ["owner"],
    section: null,
    reason: "the server's own sealed keys: `owner` is always `system`, never an account",
  },
  lti_tool_keys: {
    columns: ["owner"],
    section: null,
    reason: "the LTI tool's signing keys: `owner` is always `system`, never an account",
  },
  lti_score_links: {
    columns: ["lti_user_id"],
    section: null,
    reason:
      "names a person of an LMS (`lti_users`), not an account; an account's LMS links are under ltiLinks",
  },
  lti_deep_link_selections: {
    columns: ["lti_user_id"],
    section: null,
    reason: "an LMS instructor's content selection, kept minutes, naming an LMS person, not an account",
  },
};

export interface SchemaColumn {
  table: string;
  column: string;
  /** The table a foreign key on this column points to, if any. */
  references: string | null;
}

/** The database's own tables and columns (knex's bookkeeping left out), read from the catalog. */
export async function listColumns(db: Knex): Promise<SchemaColumn[]> {
  const client = String(db.client.config.client);
  const out: SchemaColumn[] = [];
  if (client === "better-sqlite3" || client === "sqlite3") {
    const tables = (await db("sqlite_master")
      .where({ type: "table" })
      .whereNot("name", "like", "sqlite_%")
      .select("name")) as { name: string }[];
    for (const { name } of tables) {
      const columns = (await db.raw("select name from pragma_table_info(?)", [name])) as { name: string }[];
      const keys = (await db.raw('select "from", "table" from pragma_foreign_key_list(?)', [name])) as {
        from: string;
        table: string;
      }[];
      for (const c of columns) {
        out.push({
          table: name,
          column: c.name,
          references: keys.find((k) => k.from === c.name)?.table ?? null,
        });
      }
    }
  } else {
    // PostgreSQL names the current schema one way, SQL Server another.
    const schema = client === "mssql" ? "SCHEMA_NAME()" : "current_schema()";
    const columns = (await db("information_schema.columns")
      .whereRaw(`table_schema = ${schema}`)
      .select("table_name", "column_name")) as { table_name: string; column_name: string }[];
    const answer = await db.raw(
      `select kcu.table_name, kcu.column_name, ccu.table_name as referenced
           from information_schema.table_constraints tc
           join information_schema.key_column_usage kcu
             on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
           join information_schema.constraint_column_usage ccu
             on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
          where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = ${schema}`,
    );
    const keys = (Array.isArray(answer) ? answer : answer.rows) as {
      table_name: string;
      column_name: string;
      referenced: string;
    }[];
    for (const c of columns) {
      const key = keys.find((k) => k.table_name === c.table_name && k.column_name === c.column_name);
      out.push({ table: c.table_name, column: c.column_name, references: key?.referenced ?? null });
    }
  }
  return out.filter((c) => !c.table.startsWith("knex_migrations"));
}

/** The columns of the schema that name a user: a foreign key to `users`, or a user-ish name. */
export async function userColumns(db: Knex): Promise<SchemaColumn[]> {
  return (await listColumns(db)).filter(
    (c) =>
      c.references === "users" || USER_COLUMN.test(c.column) || (c.table === "users" && c.column === "id"),
  );
}
