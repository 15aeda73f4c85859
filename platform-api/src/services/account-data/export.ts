import type { Knex } from "knex";
import type { RequestMeta } from "../accounts/accounts.js";
import type { AuditLog } from "../audit/audit.js";
import { requestFields } from "../audit/audit.js";
import type { Mailer } from "../mail/mailer.js";
import { type Clock, iso } from "../shared/clock.js";

type Row = Record<string, unknown>;

/** Text columns that hold JSON come back as data; anything unreadable stays the text it was. */
const json = (value: unknown): unknown => {
  if (typeof value !== "string") return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

const bool = (value: unknown) => value === true || value === 1 || value === "1";

/** Rows by a column's value, for nesting children (results, messages) under their parent. */
function groupBy(rows: Row[], column: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const row of rows) {
    const key = String(row[column]);
    out.set(key, [...(out.get(key) ?? []), row]);
  }
  return out;
}

/** `whereIn` over many ids, in slices every database accepts. */
async function whereInSlices(query: () => Knex.QueryBuilder, column: string, ids: string[]): Promise<Row[]> {
  const out: Row[] = [];
  for (let i = 0; i < ids.length; i += 500)
    out.push(...(await query().whereIn(column, ids.slice(i, i + 500))));
  return out;
}

export interface ExportDeps {
  db: Knex;
  mail: Pick<Mailer, "sentTo">;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Everything kept about an account, as one JSON document: what each table holds of theirs, with
 * credentials reduced to what they are and when (never a token, hash, sealed secret or wrapped
 * key). `coverage.ts` lists which section each table goes to; its test keeps the two in step.
 */
export function createAccountExport({ db, mail, audit, clock }: ExportDeps) {
  async function profile(userId: string) {
    const u = await db("users").where({ id: userId }).first();
    if (!u) return null;
    return {
      id: u.id,
      email: u.email,
      emailVerifiedAt: u.email_verified_at ?? null,
      displayName: u.display_name,
      role: u.role,
      locale: u.locale ?? null,
      mfaEnabledAt: u.totp_enabled_at,
      disabledAt: u.disabled_at ?? null,
      createdAt: u.created_at,
      updatedAt: u.updated_at,
    };
  }

  async function submissions(userId: string) {
    const rows: Row[] = await db("submissions")
      .leftJoin("problems", "problems.id", "submissions.problem_id")
      .where("submissions.user_id", userId)
      .orderBy("submissions.created_at")
      .select("submissions.*", "problems.slug as problem_slug");
    const results = groupBy(
      await whereInSlices(
        () => db("submission_results").orderBy("ordinal"),
        "submission_id",
        rows.map((r) => String(r.id)),
      ),
      "submission_id",
    );
    return rows.map((s) => ({
      id: s.id,
      problem: s.problem_slug ?? null,
      problemId: s.problem_id,
      embedId: s.embed_id,
      assignmentId: s.assignment_id ?? null,
      language: s.language,
      code: s.code,
      state: s.state,
      verdict: s.verdict,
      message: s.message ?? null,
      passed: s.passed ?? null,
      total: s.total ?? null,
      timeMs: s.time_ms,
      memoryKb: s.memory_kb,
      createdAt: s.created_at,
      finishedAt: s.finished_at,
      results: (results.get(String(s.id)) ?? []).map((r) => ({
        ordinal: r.ordinal,
        name: r.name ?? null,
        hidden: bool(r.hidden),
        verdict: r.verdict,
        timeMs: r.time_ms,
        memoryKb: r.memory_kb,
        exitCode: r.exit_code,
        // A hidden test's data is the course's, not the learner's: the verdict is theirs, the input is not.
        ...(bool(r.hidden) ? {} : { input: r.input ?? null, expected: r.expected ?? null }),
        stdout: r.stdout ?? null,
        stderr: r.stderr ?? null,
        message: r.message ?? null,
      })),
    }));
  }

  async function conversations(userId: string) {
    const rows: Row[] = await db("conversations").where({ user_id: userId }).orderBy("created_at");
    const messages = groupBy(
      await whereInSlices(
        () => db("messages").orderBy("created_at").orderBy("seq"),
        "conversation_id",
        rows.map((r) => String(r.id)),
      ),
      "conversation_id",
    );
    return rows.map((c) => ({
      id: c.id,
      problemId: c.problem_id,
      embedId: c.embed_id,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
      messages: (messages.get(String(c.id)) ?? []).map((m) => ({
        id: m.id,
        role: m.role,
        content: m.content,
        code: m.code ?? null,
        language: m.language ?? null,
        status: m.status ?? null,
        usage: json(m.usage),
        createdAt: m.created_at,
      })),
    }));
  }

  async function courses(userId: string) {
    return (
      await db("course_members")
        .join("courses", "courses.id", "course_members.course_id")
        .where("course_members.user_id", userId)
        .orderBy("course_members.created_at")
        .select(
          "courses.id",
          "courses.name",
          "courses.personal",
          "course_members.role",
          "course_members.created_at",
        )
    ).map((c) => ({
      id: c.id,
      name: c.name,
      personal: bool(c.personal),
      role: c.role,
      memberSince: c.created_at,
    }));
  }

  async function auditEntries(userId: string) {
    const rows: Row[] = await db("audit_log")
      .where((q) => q.where({ actor_id: userId }).orWhere({ target_id: userId }))
      .orderBy("id");
    return rows.map((a) => ({
      id: a.id,
      createdAt: a.created_at,
      action: a.action,
      actorType: a.actor_type,
      asActor: a.actor_id === userId,
      targetType: a.target_type,
      targetId: a.target_id,
      ip: a.ip,
      userAgent: a.user_agent,
      requestId: a.request_id,
      details: json(a.details),
    }));
  }

  /** Each section of the export, named as `coverage.ts` names them. */
  const sections = {
    profile,
    sessions: async (userId: string) =>
      (await db("sessions").where({ user_id: userId }).orderBy("created_at")).map((s) => ({
        id: s.id,
        createdAt: s.created_at,
        expiresAt: s.expires_at,
        lastSeenAt: s.last_seen_at,
        ip: s.ip,
        userAgent: s.user_agent,
      })),
    signInChallenges: async (userId: string) =>
      (await db("mfa_challenges").where({ user_id: userId }).orderBy("created_at")).map((c) => ({
        id: c.id,
        createdAt: c.created_at,
        expiresAt: c.expires_at,
        attempts: c.attempts,
      })),
    accessTokens: async (userId: string) =>
      (await db("personal_access_tokens").where({ user_id: userId }).orderBy("created_at")).map((t) => ({
        id: t.id,
        name: t.name,
        prefix: t.prefix,
        scopes: json(t.scopes),
        createdAt: t.created_at,
        expiresAt: t.expires_at,
        lastUsedAt: t.last_used_at,
        revokedAt: t.revoked_at,
      })),
    recoveryCodes: async (userId: string) =>
      (await db("recovery_codes").where({ user_id: userId }).orderBy("created_at")).map((c) => ({
        id: c.id,
        createdAt: c.created_at,
        usedAt: c.used_at,
      })),
    keys: async (userId: string) =>
      (
        await db("api_keys")
          .where({ user_id: userId })
          .orderBy("created_at")
          .select(
            "id",
            "name",
            "provider",
            "model",
            "base_url",
            "last4",
            "expires_at",
            "last_used_at",
            "usage",
            "monthly_token_budget",
            "usage_month",
            "usage_requests",
            "usage_input_tokens",
            "usage_output_tokens",
            "created_at",
            "updated_at",
          )
      ).map((k) => ({
        id: k.id,
        name: k.name,
        provider: k.provider,
        model: k.model,
        // The base URL is sealed like the secret: that there is one is told, not where.
        hasBaseUrl: k.base_url !== null,
        last4: k.last4,
        usage: json(k.usage),
        monthlyTokenBudget: k.monthly_token_budget ?? null,
        thisMonth: {
          month: k.usage_month ?? null,
          requests: Number(k.usage_requests ?? 0),
          inputTokens: Number(k.usage_input_tokens ?? 0),
          outputTokens: Number(k.usage_output_tokens ?? 0),
        },
        expiresAt: k.expires_at,
        lastUsedAt: k.last_used_at,
        createdAt: k.created_at,
        updatedAt: k.updated_at,
      })),
    preferences: async (userId: string) => {
      const p = await db("user_preferences").where({ user_id: userId }).first();
      return p ? { keys: json(p.keys), tutorPolicy: p.tutor_policy ?? null, updatedAt: p.updated_at } : null;
    },
    notificationSettings: async (userId: string) => {
      const n = await db("notification_settings").where({ user_id: userId }).first();
      return n ? { settings: json(n.settings), updatedAt: n.updated_at } : null;
    },
    notificationsSent: async (userId: string) =>
      (await db("notifications_sent").where({ user_id: userId }).orderBy("sent_at")).map((n) => ({
        id: n.id,
        kind: n.kind,
        about: n.subject_key,
        sentAt: n.sent_at,
      })),
    submissions,
    conversations,
    feedback: async (userId: string) =>
      (await db("feedback").where({ user_id: userId }).orderBy("created_at")).map((f) => ({
        id: f.id,
        submissionId: f.submission_id,
        content: f.content,
        score: f.score ?? null,
        createdAt: f.created_at,
      })),
    usage: async (userId: string) =>
      (await db("usage").where({ user_id: userId }).orderBy("created_at")).map((u) => ({
        id: u.id,
        keyId: u.api_key_id,
        embedId: u.embed_id ?? null,
        task: u.task,
        provider: u.provider,
        model: u.model,
        inputTokens: u.input_tokens,
        outputTokens: u.output_tokens,
        estimated: bool(u.estimated),
        createdAt: u.created_at,
      })),
    courses,
    invitations: async (userId: string) =>
      (
        await db("course_invitations")
          .where((q) => q.where({ invited_by: userId }).orWhere({ accepted_by: userId }))
          .orderBy("created_at")
      ).map((i) => ({
        id: i.id,
        courseId: i.course_id,
        email: i.email,
        role: i.role,
        sentByYou: i.invited_by === userId,
        acceptedByYou: i.accepted_by === userId,
        createdAt: i.created_at,
        expiresAt: i.expires_at,
        acceptedAt: i.accepted_at,
      })),
    assignmentsCreated: async (userId: string) =>
      (await db("assignments").where({ created_by: userId }).orderBy("created_at")).map((a) => ({
        id: a.id,
        courseId: a.course_id,
        title: a.title,
        problems: json(a.problems),
        opensAt: a.opens_at,
        dueAt: a.due_at,
        createdAt: a.created_at,
      })),
    assignmentAttempts: async (userId: string) =>
      (
        await db("assignment_attempts")
          .where({ learner_key: `user:${userId}` })
          .orderBy("started_at")
      ).map((a) => ({ id: a.id, assignmentId: a.assignment_id, startedAt: a.started_at, endsAt: a.ends_at })),
    problems: async (userId: string) =>
      (await db("problems").where({ author_id: userId }).orderBy("created_at")).map((p) => ({
        id: p.id,
        slug: p.slug,
        title: p.title,
        difficulty: p.difficulty,
        visibility: p.visibility,
        courseId: p.course_id ?? null,
        version: p.version,
        createdAt: p.created_at,
        updatedAt: p.updated_at,
      })),
    embeds: async (userId: string) =>
      (await db("embeds").where({ owner_id: userId }).orderBy("created_at")).map((e) => ({
        id: e.id,
        name: e.name,
        courseId: e.course_id ?? null,
        publishableKey: e.publishable_key,
        allowedOrigins: json(e.allowed_origins),
        features: json(e.features),
        problems: json(e.problems),
        webhookUrl: e.webhook_url ?? null,
        createdAt: e.created_at,
        updatedAt: e.updated_at,
      })),
    ltiRegistrations: async (userId: string) =>
      (await db("lti_registrations").where({ owner_id: userId }).orderBy("created_at")).map((r) => ({
        id: r.id,
        name: r.name,
        issuer: r.issuer,
        clientId: r.client_id,
        createdAt: r.created_at,
      })),
    ltiLinks: async (userId: string) =>
      (await db("lti_users").where({ user_id: userId }).orderBy("created_at")).map((l) => ({
        id: l.id,
        registrationId: l.registration_id,
        sub: l.sub,
        displayName: l.display_name,
        createdAt: l.created_at,
        lastLaunchAt: l.last_launch_at,
      })),
    emailTokens: async (userId: string) =>
      (await db("email_tokens").where({ user_id: userId }).orderBy("created_at")).map((t) => ({
        id: t.id,
        purpose: t.purpose,
        createdAt: t.created_at,
        expiresAt: t.expires_at,
        usedAt: t.used_at,
      })),
    mail: async (userId: string) =>
      (await mail.sentTo(userId)).map((m) => ({
        id: m.id,
        kind: m.kind,
        status: m.status,
        createdAt: m.createdAt,
        sentAt: m.sentAt,
      })),
    knownBrowsers: async (userId: string) =>
      (await db("known_browsers").where({ user_id: userId }).orderBy("first_seen_at")).map((b) => ({
        id: b.id,
        userAgent: b.user_agent,
        firstSeenAt: b.first_seen_at,
        lastSeenAt: b.last_seen_at,
      })),
    auditLog: auditEntries,
  } as const;

  return {
    sections: Object.keys(sections) as (keyof typeof sections)[],

    /** The whole export, its sections read one after the other (a pool of one on SQLite). */
    async exportOf(userId: string, meta: RequestMeta): Promise<Record<string, unknown>> {
      const exportedAt = iso(clock.now());
      // Audited first, so the export holds its own record.
      await audit.record({
        action: "account.exported",
        actorId: userId,
        targetType: "user",
        targetId: userId,
        ...requestFields(meta),
      });
      const out: Record<string, unknown> = { format: "codeground-account-export", version: 1, exportedAt };
      for (const [name, read] of Object.entries(sections)) out[name] = await read(userId);
      return out;
    },
  };
}

export type AccountExport = ReturnType<typeof createAccountExport>;
