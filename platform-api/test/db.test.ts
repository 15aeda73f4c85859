import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import { afterAll, beforeAll, expect, it } from "vitest";
import { deleteUser } from "../src/db/delete-user.js";
import { migrateLatest, migrateRollbackAll, pendingMigrations } from "../src/db/migrate.js";
import { migrations } from "../src/db/migrations/index.js";
import { type BaseModel, bindModels, type Models } from "../src/db/models/index.js";
import { describeEachDatabase, type TestDatabase } from "./support/databases.js";

/** The schema as the product needs it: stated here again on purpose, so a dropped table fails. */
const tables = [
  "users",
  "sessions",
  "mfa_challenges",
  "personal_access_tokens",
  "recovery_codes",
  "api_keys",
  "user_preferences",
  "languages",
  "categories",
  "problems",
  "problem_categories",
  "problem_tests",
  "embeds",
  "submissions",
  "submission_results",
  "conversations",
  "messages",
  "usage",
  "feedback",
  "system_secrets",
  "embed_sessions",
  "webhook_deliveries",
  "llm_budget_holds",
  "audit_anchor",
  "audit_log",
  "courses",
  "course_members",
  "course_invitations",
  "course_learners",
  "assignments",
  "assignment_attempts",
  "lti_tool_keys",
  "lti_registrations",
  "lti_deployments",
  "lti_login_states",
  "lti_nonces",
  "lti_contexts",
  "lti_users",
  "lti_score_links",
  "lti_score_deliveries",
  "lti_deep_link_selections",
  "email_tokens",
  "mail_outbox",
  "notification_settings",
  "notifications_sent",
  "known_browsers",
];
const knexTables = ["knex_migrations", "knex_migrations_lock"];

async function listTables(knex: Knex): Promise<string[]> {
  const client = String(knex.client.config.client);
  const sql =
    client === "better-sqlite3"
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
      : client === "pg"
        ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        : "SELECT TABLE_NAME AS name FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE'";
  const result = await knex.raw(sql);
  const rows: { name: string }[] = client === "pg" ? result.rows : result;
  return rows.map((row) => row.name).sort();
}

const sorted = (names: string[]) => [...names].sort();
const at = (second: number) => new Date(Date.UTC(2026, 0, 2, 3, 4, second, 567)).toISOString();
const envelope = (label: string) => JSON.stringify({ v: 1, kid: "local:1", iv: label, ct: "…", tag: "…" });

describeEachDatabase("the migrations", (target) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await target.create({ migrate: false });
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it("create every table, roll back to nothing, and migrate up again", async () => {
    const names = migrations.map((migration) => migration.name);
    expect(await pendingMigrations(db.knex)).toEqual(names);

    const [batch, applied] = await migrateLatest(db.knex);
    expect(batch).toBe(1);
    expect(applied).toEqual(names);
    expect(await listTables(db.knex)).toEqual(sorted([...tables, ...knexTables]));
    for (const table of tables) expect(await db.knex.schema.hasTable(table), table).toBe(true);

    const [, again] = await migrateLatest(db.knex);
    expect(again).toEqual([]);
    expect(await pendingMigrations(db.knex)).toEqual([]);

    const [, rolledBack] = await migrateRollbackAll(db.knex);
    expect(rolledBack).toEqual([...names].reverse());
    expect(await listTables(db.knex)).toEqual(sorted(knexTables));

    const [, reapplied] = await migrateLatest(db.knex);
    expect(reapplied).toEqual(names);
    expect(await listTables(db.knex)).toEqual(sorted([...tables, ...knexTables]));
  });
});

/** One full row per table, every column given, in an order the foreign keys accept. */
function fixtures() {
  const id = {
    user: randomUUID(),
    session: randomUUID(),
    challenge: randomUUID(),
    token: randomUUID(),
    recovery: randomUUID(),
    key: randomUUID(),
    category: randomUUID(),
    problem: randomUUID(),
    test: randomUUID(),
    embed: randomUUID(),
    submission: randomUUID(),
    result: randomUUID(),
    conversation: randomUUID(),
    message: randomUUID(),
    usage: randomUUID(),
    feedback: randomUUID(),
    embedSession: randomUUID(),
    delivery: randomUUID(),
  };
  const rows: [keyof Models, Record<string, unknown>][] = [
    [
      "User",
      {
        id: id.user,
        email: "ada@example.com",
        password_hash: "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        role: "author",
        display_name: "Ada",
        totp_secret: envelope("totp"),
        totp_enabled_at: at(1),
        totp_last_step: 59_000_123,
        failed_logins: 2,
        locked_until: null,
        mfa_failures: 3,
        mfa_block_strikes: 1,
        mfa_blocked_until: at(2),
        disabled_at: null,
        email_verified_at: at(1),
        locale: "pt-BR",
        created_at: at(0),
        updated_at: at(1),
      },
    ],
    [
      "Session",
      {
        id: id.session,
        user_id: id.user,
        token_hash: "a".repeat(64),
        created_at: at(2),
        expires_at: at(59),
        last_seen_at: at(3),
        ip: "203.0.113.7",
        user_agent: "Mozilla/5.0",
      },
    ],
    [
      "MfaChallenge",
      {
        id: id.challenge,
        user_id: id.user,
        token_hash: "b".repeat(64),
        created_at: at(2),
        expires_at: at(9),
        attempts: 1,
      },
    ],
    [
      "PersonalAccessToken",
      {
        id: id.token,
        user_id: id.user,
        name: "ci",
        token_hash: "c".repeat(64),
        prefix: "cgp_abcdef",
        scopes: ["problems:read", "submissions:write"],
        created_at: at(4),
        expires_at: null,
        last_used_at: at(5),
        revoked_at: null,
      },
    ],
    [
      "RecoveryCode",
      { id: id.recovery, user_id: id.user, code_hash: "d".repeat(128), created_at: at(4), used_at: null },
    ],
    [
      "ApiKey",
      {
        id: id.key,
        user_id: id.user,
        name: "work",
        provider: "openai",
        model: "gpt-4o-mini",
        secret: envelope("secret"),
        base_url: null,
        kms_key_id: "local:1",
        last4: "x9Qz",
        fingerprint: "e".repeat(64),
        expires_at: null,
        last_used_at: null,
        usage: { requests: 3, inputTokens: 120, outputTokens: 48 },
        monthly_token_budget: 500_000,
        usage_month: "2026-11",
        usage_requests: 3,
        usage_input_tokens: 120,
        usage_output_tokens: 48,
        created_at: at(6),
        updated_at: at(6),
      },
    ],
    [
      "UserPreference",
      {
        user_id: id.user,
        keys: { chat: id.key, feedback: id.key },
        tutor_policy: "hints",
        updated_at: at(7),
      },
    ],
    ["Language", { id: "python", name: "Python", version: "3.11", enabled: false }],
    ["Category", { id: id.category, slug: "math", name: "Math" }],
    [
      "Problem",
      {
        id: id.problem,
        slug: "sum-two",
        title: "Sum two",
        course_id: null,
        statement: "Add *two* numbers.\n",
        difficulty: "easy",
        languages: ["python", "cpp"],
        limits: { timeMs: 2000, memoryMb: 256 },
        judge: { mode: "stdio", compare: "tokens" },
        starter: { python: "print(sum(map(int, input().split())))\n" },
        author_id: id.user,
        published: false,
        visibility: "private",
        solutions: { python: "print(3)\n" },
        version: 2,
        created_at: at(8),
        updated_at: at(8),
      },
    ],
    ["ProblemCategory", { problem_id: id.problem, category_id: id.category }],
    [
      "ProblemTest",
      {
        id: id.test,
        problem_id: id.problem,
        ordinal: 1,
        input: "",
        expected: "3",
        args: [[1, 2], "two", true, null],
        sample: true,
        name: "example",
      },
    ],
    [
      "Embed",
      {
        id: id.embed,
        owner_id: id.user,
        course_id: null,
        name: "course",
        publishable_key: "pk_test_123",
        secret_key_hash: "f".repeat(64),
        signing_secret: envelope("signing"),
        allowed_origins: ["https://course.example"],
        features: { chat: true, keys: false },
        problems: ["sum-two"],
        executions_per_minute: 30,
        runs_per_hour: 600,
        submissions_per_hour: null,
        tutor_messages_per_hour: 50,
        webhook_url: "https://course.example/hooks/codeground",
        tutor_policy: "hints",
        secret_rotated_at: null,
        chat_sponsored: true,
        chat_monthly_token_budget: 100_000,
        created_at: at(9),
        updated_at: at(9),
      },
    ],
    [
      "Submission",
      {
        id: id.submission,
        problem_id: id.problem,
        user_id: null,
        embed_id: id.embed,
        learner_ref: "learner-42",
        language: "python",
        code: "print(3)\n",
        state: "done",
        verdict: "accepted",
        time_ms: 41,
        memory_kb: 9120,
        created_at: at(10),
        finished_at: at(11),
        problem_version: 2,
        message: null,
        attempts: 1,
        idempotency_key: "client-key-1",
        assignment_id: null,
        started_at: at(10),
        lease_until: null,
        passed: 1,
        total: 1,
        waiting_since: null,
      },
    ],
    [
      "SubmissionResult",
      {
        id: id.result,
        submission_id: id.submission,
        ordinal: 1,
        verdict: "accepted",
        time_ms: 41,
        memory_kb: 9120,
        exit_code: 0,
        stdout: "3\n",
        stderr: null,
        hidden: true,
        name: "big",
        wall_ms: 60,
        input: null,
        expected: null,
        message: null,
      },
    ],
    [
      "EmbedSession",
      {
        id: id.embedSession,
        embed_id: id.embed,
        learner_ref: "learner-42",
        display_name: "Ada",
        assignment_id: null,
        token_hash: "e".repeat(64),
        created_at: at(11),
        expires_at: at(12),
      },
    ],
    [
      "WebhookDelivery",
      {
        id: id.delivery,
        embed_id: id.embed,
        submission_id: id.submission,
        event: "submission.accepted",
        url: "https://course.example/hooks/codeground",
        payload: { submissionId: id.submission, verdict: "accepted" },
        status: "delivered",
        attempts: 2,
        next_attempt_at: null,
        last_status_code: 200,
        last_error: null,
        created_at: at(11),
        delivered_at: at(12),
      },
    ],
    [
      "Conversation",
      {
        id: id.conversation,
        user_id: null,
        embed_id: id.embed,
        learner_ref: "learner-42",
        problem_id: id.problem,
        created_at: at(12),
        updated_at: at(13),
      },
    ],
    [
      "Message",
      {
        id: id.message,
        conversation_id: id.conversation,
        role: "assistant",
        content: "Try reading both numbers first.",
        code: null,
        language: null,
        usage: { inputTokens: 100, outputTokens: 12 },
        status: "complete",
        seq: 2,
        created_at: at(13),
      },
    ],
    [
      "Usage",
      {
        id: id.usage,
        user_id: id.user,
        api_key_id: id.key,
        task: "chat",
        provider: "openai",
        model: "gpt-4o-mini",
        input_tokens: 100,
        output_tokens: 12,
        embed_id: id.embed,
        estimated: false,
        created_at: at(13),
      },
    ],
    [
      "Feedback",
      {
        id: id.feedback,
        user_id: id.user,
        submission_id: id.submission,
        content: "Nice.",
        score: 80,
        created_at: at(14),
      },
    ],
    [
      "AuditLogEntry",
      {
        created_at: at(15),
        actor_id: id.user,
        actor_type: "user",
        action: "key.created",
        target_type: "api_key",
        target_id: id.key,
        ip: "203.0.113.7",
        user_agent: "Mozilla/5.0",
        request_id: "req-1",
        details: { name: "work", nested: { ok: true, n: [1, 2] } },
        prev_hash: "0".repeat(64),
        hash: "1".repeat(64),
      },
    ],
  ];
  return rows;
}

/** The models share BaseModel's static query API; this is the common ground the tests use. */
const modelOf = (models: Models, name: keyof Models) => models[name] as unknown as typeof BaseModel;

describeEachDatabase("the models", (target) => {
  let db: TestDatabase;
  let models: Models;
  const rows = fixtures();
  const stored = new Map<keyof Models, Record<string, unknown>>();

  beforeAll(async () => {
    db = await target.create();
    models = bindModels(db.knex);
    for (const [name, row] of rows) {
      const inserted = await modelOf(models, name).query().insert(row);
      // The audit log's id comes from the database.
      stored.set(
        name,
        name === "AuditLogEntry" ? { id: (inserted as unknown as { id: number }).id, ...row } : row,
      );
    }
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it.each(rows.map(([name]) => name))("round-trip a %s row, JSON and boolean columns typed", async (name) => {
    const row = stored.get(name) as Record<string, unknown>;
    const model = modelOf(models, name);
    const idColumn = model.idColumn;
    const id = Array.isArray(idColumn) ? idColumn.map((column) => row[column]) : row[idColumn];
    const found = await model.query().findById(id as string);
    expect(found?.toJSON()).toEqual(row);
  });

  it("load a user's sessions, tokens and keys through relations", async () => {
    const [, userRow] = rows[0] as [keyof Models, { id: string }];
    const user = await models.User.query()
      .findById(userRow.id)
      .withGraphFetched("[sessions, personalAccessTokens, apiKeys, recoveryCodes, preferences]");
    expect(user?.sessions?.map((s) => s.token_hash)).toEqual(["a".repeat(64)]);
    expect(user?.personalAccessTokens?.[0]?.scopes).toEqual(["problems:read", "submissions:write"]);
    expect(user?.apiKeys?.[0]?.usage).toEqual({ requests: 3, inputTokens: 120, outputTokens: 48 });
    expect(user?.recoveryCodes).toHaveLength(1);
    expect(user?.preferences?.keys.chat).toBe(user?.apiKeys?.[0]?.id);
    const problem = await models.Problem.query()
      .findOne({ slug: "sum-two" })
      .withGraphFetched("[tests, categories]");
    expect(problem?.tests?.[0]?.sample).toBe(true);
    expect(problem?.categories?.map((c) => c.slug)).toEqual(["math"]);
  });

  it("fill ids, timestamps and column defaults a caller leaves out", async () => {
    const user = await models.User.query().insertAndFetch({ email: "Grace@Example.COM", password_hash: "h" });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(user).toMatchObject({
      email: "grace@example.com",
      role: "learner",
      failed_logins: 0,
      totp_last_step: null,
      mfa_failures: 0,
      mfa_blocked_until: null,
      disabled_at: null,
    });
    expect(user.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(user.updated_at).toBe(user.created_at);

    const language = await models.Language.query().insertAndFetch({ id: "c", name: "C", version: "gcc 12" });
    expect(language.enabled).toBe(true);
    const problem = await models.Problem.query().insertAndFetch({
      slug: "defaults",
      title: "Defaults",
      statement: "",
      difficulty: "easy",
      languages: [],
      limits: {},
      judge: {},
      starter: {},
      author_id: null,
    });
    expect(problem.published).toBe(true);
    const test = await models.ProblemTest.query().insertAndFetch({
      problem_id: problem.id,
      ordinal: 1,
      expected: "",
    });
    expect(test).toMatchObject({ sample: false, input: "", args: null });
  });

  it("stamp updated_at on a patch", async () => {
    const user = await models.User.query().insertAndFetch({
      email: "patch@example.com",
      password_hash: "h",
      created_at: at(0),
      updated_at: at(0),
    });
    const patched = await models.User.query().patchAndFetchById(user.id, { display_name: "Patched" });
    expect(patched.updated_at > at(0)).toBe(true);
    expect(patched.created_at).toBe(at(0));
  });

  it("store email lower-case, so two spellings of one address collide", async () => {
    await models.User.query().insert({ email: "Alan.Turing@Example.com", password_hash: "h" });
    const row = await db.knex("users").where({ email: "alan.turing@example.com" }).first();
    expect(row).toBeDefined();
    await expect(
      models.User.query().insert({ email: "alan.turing@EXAMPLE.COM", password_hash: "h" }),
    ).rejects.toThrow(/unique|duplicate/i);
  });

  it("refuse a row whose owner does not exist (foreign keys enforced)", async () => {
    await expect(
      models.Session.query().insert({
        user_id: randomUUID(),
        token_hash: "9".repeat(64),
        expires_at: at(1),
        last_seen_at: at(1),
      }),
    ).rejects.toThrow(/foreign key|FOREIGN KEY|REFERENCE/);
  });

  it("refuse a second audit entry after the same predecessor, so the chain cannot fork", async () => {
    const entry = {
      actor_id: null,
      actor_type: "system",
      action: "test.fork",
      details: {},
      prev_hash: "7".repeat(64),
      hash: "8".repeat(64),
    };
    await models.AuditLogEntry.query().insert(entry);
    await expect(models.AuditLogEntry.query().insert({ ...entry, hash: "9".repeat(64) })).rejects.toThrow(
      /unique|duplicate/i,
    );
  });
});

describeEachDatabase("deleting", (target) => {
  let db: TestDatabase;
  let models: Models;

  beforeAll(async () => {
    db = await target.create();
    models = bindModels(db.knex);
  });

  afterAll(async () => {
    await db?.destroy();
  });

  const count = async (table: string, where: Record<string, unknown>) => {
    const [row] = await db.knex(table).where(where).count({ n: "*" });
    return Number(row?.n);
  };

  /** A user with one of everything: an embed with a learner's work, and work of their own. */
  async function userWithEverything(label: string) {
    const user = await models.User.query().insert({ email: `${label}@example.com`, password_hash: "h" });
    const ownsIt = { user_id: user.id };
    await models.Session.query().insert({
      ...ownsIt,
      token_hash: `${label}-session`,
      expires_at: at(9),
      last_seen_at: at(1),
    });
    await models.MfaChallenge.query().insert({ ...ownsIt, token_hash: `${label}-mfa`, expires_at: at(9) });
    await models.PersonalAccessToken.query().insert({
      ...ownsIt,
      name: "t",
      token_hash: `${label}-pat`,
      prefix: "cgp_",
      scopes: [],
    });
    await models.RecoveryCode.query().insert({ ...ownsIt, code_hash: `${label}-code` });
    const key = await models.ApiKey.query().insert({
      ...ownsIt,
      name: "k",
      provider: "openai",
      secret: envelope("s"),
      kms_key_id: "local:1",
      last4: "abcd",
      fingerprint: "f",
      usage: {},
    });
    await models.UserPreference.query().insert({ ...ownsIt, keys: { chat: key.id } });
    const problem = await models.Problem.query().insert({
      slug: `${label}-problem`,
      title: "P",
      statement: "",
      difficulty: "easy",
      languages: ["python"],
      limits: {},
      judge: {},
      starter: {},
      author_id: null,
    });
    const embed = await models.Embed.query().insert({
      owner_id: user.id,
      name: "e",
      publishable_key: `pk_${label}`,
      secret_key_hash: `${label}-sk`,
      signing_secret: envelope("j"),
      allowed_origins: [],
      features: {},
      problems: null,
    });
    const work = { problem_id: problem.id, language: "python", code: "", state: "done" as const };
    const learnerSubmission = await models.Submission.query().insert({
      ...work,
      embed_id: embed.id,
      learner_ref: "l1",
    });
    await models.SubmissionResult.query().insert({
      submission_id: learnerSubmission.id,
      ordinal: 1,
      verdict: "accepted",
      hidden: false,
    });
    await models.Conversation.query().insert({
      embed_id: embed.id,
      learner_ref: "l1",
      problem_id: problem.id,
    });
    return { user, key, problem, embed, work };
  }

  it("take a user's sessions, tokens, keys, embeds and their learners' work with the user", async () => {
    const { user, embed } = await userWithEverything("cascade");
    await models.User.query().deleteById(user.id);
    for (const table of [
      "sessions",
      "mfa_challenges",
      "personal_access_tokens",
      "recovery_codes",
      "api_keys",
    ]) {
      expect(await count(table, { user_id: user.id }), table).toBe(0);
    }
    expect(await count("user_preferences", { user_id: user.id })).toBe(0);
    expect(await count("embeds", { owner_id: user.id })).toBe(0);
    expect(await count("submissions", { embed_id: embed.id })).toBe(0);
    expect(await count("conversations", { embed_id: embed.id })).toBe(0);
  });

  it("refuse to drop a user's own work silently; deleteUser removes it and keeps their problems", async () => {
    const { user, key, problem, work } = await userWithEverything("owner");
    await models.Problem.query().patchAndFetchById(problem.id, { author_id: user.id });
    const own = await models.Submission.query().insert({ ...work, user_id: user.id });
    await models.Feedback.query().insert({ user_id: user.id, submission_id: own.id, content: "f" });
    await models.Usage.query().insert({
      user_id: user.id,
      api_key_id: key.id,
      task: "chat",
      provider: "openai",
      model: "m",
      input_tokens: 1,
      output_tokens: 1,
    });
    const conversation = await models.Conversation.query().insert({
      user_id: user.id,
      problem_id: problem.id,
    });
    await models.Message.query().insert({
      conversation_id: conversation.id,
      role: "user",
      content: "hi",
      usage: null,
    });
    await models.AuditLogEntry.query().insert({
      actor_id: user.id,
      actor_type: "user",
      action: "test.delete",
      details: {},
      prev_hash: "2".repeat(64),
      hash: "3".repeat(64),
    });

    // NO ACTION (SQL Server's single cascade path) behaves the same on every database.
    await expect(models.User.query().deleteById(user.id)).rejects.toThrow();
    expect(await count("users", { id: user.id })).toBe(1);

    expect(await deleteUser(db.knex, user.id)).toBe(true);
    expect(await count("users", { id: user.id })).toBe(0);
    for (const table of ["submissions", "feedback", "usage", "conversations"]) {
      expect(await count(table, { user_id: user.id }), table).toBe(0);
    }
    expect(await count("messages", { conversation_id: conversation.id })).toBe(0);
    expect(await models.Problem.query().findById(problem.id)).toMatchObject({ author_id: null });
    expect(await count("audit_log", { actor_id: user.id })).toBe(1);
    expect(await deleteUser(db.knex, user.id)).toBe(false);
  });

  it("keep usage history when the API key that paid for it is deleted", async () => {
    const { user, key } = await userWithEverything("usage");
    const usage = await models.Usage.query().insert({
      user_id: user.id,
      api_key_id: key.id,
      task: "feedback",
      provider: "openai",
      model: "m",
      input_tokens: 5,
      output_tokens: 6,
    });
    await models.ApiKey.query().deleteById(key.id);
    expect(await models.Usage.query().findById(usage.id)).toMatchObject({
      api_key_id: null,
      input_tokens: 5,
    });
  });

  it("take a problem's tests, categories links and submissions with it", async () => {
    const { problem } = await userWithEverything("problem");
    const category = await models.Category.query().insert({ slug: "problem-cat", name: "C" });
    await models.ProblemCategory.query().insert({ problem_id: problem.id, category_id: category.id });
    await models.ProblemTest.query().insert({ problem_id: problem.id, ordinal: 1, expected: "1" });
    await models.Problem.query().deleteById(problem.id);
    for (const table of ["problem_tests", "problem_categories", "submissions"]) {
      expect(await count(table, { problem_id: problem.id }), table).toBe(0);
    }
    expect(await count("conversations", { problem_id: problem.id })).toBe(0);
    expect(await count("categories", { id: category.id })).toBe(1);
  });
});
