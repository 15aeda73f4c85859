import knex, { type Knex } from "knex";
import { afterAll, describe, expect, it } from "vitest";
import { migrations } from "../src/db/migrations/index.js";

/**
 * No SQL Server runs here, so these tests compile the migrations to T-SQL with knex's mssql
 * dialect, catching every statement instead of sending it, and check the rules SQL Server
 * enforces and SQLite and PostgreSQL do not.
 */
function recordingMssql(): { knex: Knex; statements: string[] } {
  const db = knex({ client: "mssql" });
  const statements: string[] = [];
  const client = db.client as {
    acquireConnection(): Promise<unknown>;
    releaseConnection(connection: unknown): Promise<void>;
    _query(connection: unknown, query: { sql: string; response?: unknown }): Promise<unknown>;
    processResponse(query: { response?: unknown }): unknown;
  };
  client.acquireConnection = async () => ({});
  client.releaseConnection = async () => undefined;
  client._query = async (_connection, query) => {
    statements.push(query.sql);
    query.response = [];
    return query;
  };
  client.processResponse = (query) => query.response;
  return { knex: db, statements };
}

const expectedTables: Record<string, string[]> = {
  "001_accounts": ["users", "sessions", "mfa_challenges", "personal_access_tokens", "recovery_codes"],
  "002_vault": ["api_keys", "user_preferences"],
  "003_problems": ["languages", "categories", "problems", "problem_categories", "problem_tests"],
  "004_embeds_submissions": ["embeds", "submissions", "submission_results"],
  "005_chat_usage": ["conversations", "messages", "usage", "feedback"],
  "006_audit": ["audit_log"],
  "007_system_secrets": ["system_secrets"],
  "008_judging_embeds": ["embed_sessions", "webhook_deliveries"],
  "009_key_list_index": [],
  "010_llm_budgets": [],
  "011_chat_tutor": [],
  "012_key_usage_counters": [],
  "013_audit_anchor": ["audit_anchor"],
  "014_llm_budget_holds": ["llm_budget_holds"],
  "015_mfa_attempts": [],
  "016_embed_limits": [],
  "017_courses": ["courses", "course_members", "course_invitations"],
  "018_user_disabled": [],
  "019_assignments": ["assignments", "assignment_attempts"],
  "020_lti": [
    "lti_tool_keys",
    "lti_registrations",
    "lti_deployments",
    "lti_login_states",
    "lti_nonces",
    "lti_contexts",
    "lti_users",
  ],
  "021_course_learners": ["course_learners"],
  "022_lti_scores": ["lti_score_links", "lti_score_deliveries"],
  "023_lti_deep_linking": ["lti_deep_link_selections"],
  "024_lti_roster": [],
  "025_submission_waiting": [],
  "026_email": [
    "email_tokens",
    "mail_outbox",
    "notification_settings",
    "notifications_sent",
    "known_browsers",
  ],
};

const { knex: mssql, statements } = recordingMssql();
const up = new Map<string, string[]>();
const down = new Map<string, string[]>();
for (const migration of migrations) {
  statements.length = 0;
  await migration.up(mssql);
  up.set(migration.name, [...statements]);
}
for (const migration of [...migrations].reverse()) {
  statements.length = 0;
  await migration.down(mssql);
  down.set(migration.name, [...statements]);
}
const allUp = [...up.values()].flat();

interface Column {
  type: string;
}
interface ForeignKey {
  table: string;
  column: string;
  references: string;
  onDelete: string;
  onUpdate: string;
}

/** Columns and foreign keys of every CREATE TABLE, read back from the T-SQL. */
function schemaOf(sql: string[]) {
  const columns = new Map<string, Map<string, Column>>();
  const foreignKeys: ForeignKey[] = [];
  const primaryKeys: { table: string; columns: string[] }[] = [];
  const fkPattern =
    /FOREIGN KEY \(\[(\w+)\]\) REFERENCES \[(\w+)\] \(\[\w+\]\)(?: ON DELETE (CASCADE|SET NULL|NO ACTION))?(?: ON UPDATE (CASCADE|SET NULL|NO ACTION))?/g;
  const addForeignKeys = (table: string, text: string) => {
    for (const fk of text.matchAll(fkPattern)) {
      foreignKeys.push({
        table,
        column: fk[1] as string,
        references: fk[2] as string,
        onDelete: fk[3] ?? "NO ACTION",
        onUpdate: fk[4] ?? "NO ACTION",
      });
    }
  };
  for (const statement of sql) {
    // Foreign keys a later migration adds (`ALTER TABLE [t] ADD CONSTRAINT [k] FOREIGN KEY …`).
    const constraint = /^ALTER TABLE \[(\w+)\] ADD CONSTRAINT (.*)$/s.exec(statement);
    if (constraint) {
      addForeignKeys(constraint[1] as string, constraint[2] as string);
      continue;
    }
    // Columns a later migration adds (`ALTER TABLE [t] ADD [c] type …`) count for its indexes.
    const alter = /^ALTER TABLE \[(\w+)\] ADD (\[.*)$/s.exec(statement);
    if (alter) {
      const existing = columns.get(alter[1] as string);
      for (const match of (alter[2] as string).matchAll(
        /(?:^|, )\[(\w+)\] ((?:nvarchar|varchar)\((?:\d+|max)\)|bigint|int|bit)/g,
      )) {
        existing?.set(match[1] as string, { type: match[2] as string });
      }
      continue;
    }
    const create = /^CREATE TABLE \[(\w+)\] \((.*)\)$/s.exec(statement);
    if (!create) continue;
    const [, table = "", body = ""] = create;
    const tableColumns = new Map<string, Column>();
    for (const match of body.matchAll(
      /(?:^|, )\[(\w+)\] ((?:nvarchar|varchar)\((?:\d+|max)\)|bigint|int|bit)/g,
    )) {
      tableColumns.set(match[1] as string, { type: match[2] as string });
    }
    // knex writes an inline key in lower case (`[id] int identity(1,1) not null primary key`).
    for (const inline of body.matchAll(/\[(\w+)\] [^[]*? primary key/g)) {
      primaryKeys.push({ table, columns: [inline[1] as string] });
    }
    columns.set(table, tableColumns);
    addForeignKeys(table, body);
    for (const pk of body.matchAll(/PRIMARY KEY \(([^)]*)\)/g)) {
      primaryKeys.push({
        table,
        columns: [...(pk[1] as string).matchAll(/\[(\w+)\]/g)].map((m) => m[1] as string),
      });
    }
  }
  return { columns, foreignKeys, primaryKeys };
}

const schema = schemaOf(allUp);

/** Bytes SQL Server counts toward an index key for a column type. */
function keyBytes(type: string): number {
  const sized = /^n?varchar\((\d+|max)\)$/.exec(type);
  if (sized)
    return sized[1] === "max" ? Number.POSITIVE_INFINITY : Number(sized[1]) * (type.startsWith("n") ? 2 : 1);
  return { bigint: 8, int: 4, bit: 1 }[type] ?? Number.POSITIVE_INFINITY;
}

describe("the migrations compiled for SQL Server (no server needed)", () => {
  afterAll(async () => {
    await mssql.destroy();
  });

  it.each(migrations.map((migration) => migration.name))("compile %s up and down to T-SQL", (name) => {
    const tables = expectedTables[name];
    expect(tables, `expected tables of ${name}`).toBeDefined();
    for (const table of tables ?? []) {
      expect(up.get(name)?.some((sql) => sql.startsWith(`CREATE TABLE [${table}] (`))).toBe(true);
      expect(down.get(name)).toContain(`DROP TABLE [${table}]`);
    }
  });

  it("create every table the product needs", () => {
    expect([...schema.columns.keys()].sort()).toEqual(Object.values(expectedTables).flat().sort());
  });

  it("give no table two cascade paths from another, and no cycle (SQL Server refuses both)", () => {
    expect(schema.foreignKeys.length).toBe(allUp.join("\n").match(/FOREIGN KEY/g)?.length);
    // SQL Server counts SET NULL like CASCADE here: any referential action is a path.
    const children = new Map<string, ForeignKey[]>();
    for (const fk of schema.foreignKeys) {
      expect(fk.onUpdate, `${fk.table}.${fk.column} ON UPDATE`).toBe("NO ACTION");
      if (fk.onDelete === "NO ACTION") continue;
      children.set(fk.references, [...(children.get(fk.references) ?? []), fk]);
    }
    const problems: string[] = [];
    for (const root of schema.columns.keys()) {
      const reached = new Map<string, string>();
      // tables: the tables on the way down; steps: the foreign keys followed, as "table.column".
      const walk = (table: string, tables: string[], steps: string[]) => {
        for (const fk of children.get(table) ?? []) {
          const path = [root, ...steps, `${fk.table}.${fk.column}`].join(" → ");
          if (fk.table === root || tables.includes(fk.table)) problems.push(`cycle: ${path}`);
          else if (reached.has(fk.table)) problems.push(`two paths: ${reached.get(fk.table)} and ${path}`);
          else {
            reached.set(fk.table, path);
            walk(fk.table, [...tables, fk.table], [...steps, `${fk.table}.${fk.column}`]);
          }
        }
      };
      walk(root, [], []);
    }
    expect(problems).toEqual([]);
  });

  it("index only columns SQL Server can index, within its key-size limits", () => {
    const indexes = allUp.flatMap((sql) => {
      const match = /^CREATE (UNIQUE )?INDEX \[(\w+)\] ON \[(\w+)\] \(([^)]*)\)/.exec(sql);
      if (!match) return [];
      return [
        {
          name: match[2] as string,
          table: match[3] as string,
          columns: [...(match[4] as string).matchAll(/\[(\w+)\]/g)].map((m) => m[1] as string),
        },
      ];
    });
    expect(indexes.length).toBeGreaterThan(10);
    const size = (table: string, columns: string[]) =>
      columns.reduce((sum, column) => {
        const type = schema.columns.get(table)?.get(column)?.type;
        expect(type, `${table}.${column}`).toBeDefined();
        return sum + keyBytes(type ?? "");
      }, 0);
    for (const index of indexes) {
      expect(size(index.table, index.columns), `index ${index.name}`).toBeLessThanOrEqual(1700);
    }
    // The primary key is the clustered index: 900 bytes at most.
    expect(schema.primaryKeys.length).toBeGreaterThanOrEqual(schema.columns.size);
    for (const pk of schema.primaryKeys) {
      expect(size(pk.table, pk.columns), `primary key of ${pk.table}`).toBeLessThanOrEqual(900);
    }
  });

  it("name every constraint and index within PostgreSQL's 63 characters", () => {
    const names = allUp.flatMap((sql) =>
      [...sql.matchAll(/(?:CONSTRAINT|INDEX) \[(\w+)\]/g)].map((m) => m[1] as string),
    );
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(name.length, name).toBeLessThanOrEqual(63);
    expect(new Set(names).size).toBe(names.length);
  });
});
