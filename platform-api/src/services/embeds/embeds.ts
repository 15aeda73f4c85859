import { randomBytes, randomUUID } from "node:crypto";
import {
  type CreateEmbedRequest,
  Embed,
  type EmbedFeature,
  EmbedWithSecret,
  isLoopbackOrigin,
  type TutorPolicy,
  type UpdateEmbedRequest,
  WebhookDelivery,
} from "@codeground/sdk";
import type { Knex } from "knex";
import type { z } from "zod";
import { ApiError, fail } from "../../http/errors.js";
import { VaultError } from "../../kms/index.js";
import type { Principal, RequestMeta } from "../accounts/accounts.js";
import { hashToken } from "../accounts/tokens.js";
import type { AuditLog } from "../audit/audit.js";
import { coursesWhere, EDITORS } from "../courses/course-access.js";
import { type Clock, iso } from "../shared/clock.js";
import { parsePrivateOrigins } from "../vault/private-origins.js";
import { checkProviderUrl, type LookupAll } from "../vault/provider-url.js";
import type { SecretBox } from "../vault/secret-box.js";
import { type EmbedHourlyLimits, hourlyLimitsOf } from "./embed-limits.js";
import { candidateEntries, originAllowed } from "./embed-origins.js";

/** A user may keep this many embeds. */
export const MAX_EMBEDS_PER_USER = 100;

export interface EmbedRow {
  id: string;
  /** Who made it: their key pays for sponsored tutor replies, and its secret is sealed to them. */
  owner_id: string;
  /** The course it belongs to: the course's owner and instructors manage it too. */
  course_id: string | null;
  name: string;
  publishable_key: string;
  secret_key_hash: string;
  /** Sealed envelope of the `sk_…` key: it verifies learner tokens and signs webhooks. */
  signing_secret: string;
  allowed_origins: string;
  features: string;
  problems: string | null;
  executions_per_minute: number | null;
  /** Hourly ceilings for all the embed's learners together; null: the defaults. */
  runs_per_hour: number | null;
  submissions_per_hour: number | null;
  tutor_messages_per_hour: number | null;
  webhook_url: string | null;
  tutor_policy: TutorPolicy;
  /** The owner's chat key pays for learners' tutor replies (boolean; 0/1 on SQLite). */
  chat_sponsored: boolean | number;
  /** Tokens (in + out) sponsored replies may spend per calendar month (UTC); null: no limit. */
  chat_monthly_token_budget: number | null;
  secret_rotated_at: string | null;
  created_at: string;
  updated_at: string;
}

const chatOf = (row: Pick<EmbedRow, "chat_sponsored" | "chat_monthly_token_budget">) => ({
  sponsored: row.chat_sponsored === true || row.chat_sponsored === 1,
  monthlyTokenBudget:
    row.chat_monthly_token_budget === null || row.chat_monthly_token_budget === undefined
      ? null
      : Number(row.chat_monthly_token_budget),
});

/** The embed row and owner are bound into the envelope: a secret moved to another row does not open. */
const signingContext = (row: { id: string; owner_id: string }) => ({
  table: "embeds.signing_secret",
  rowId: row.id,
  ownerId: row.owner_id,
});

export const newPublishableKey = () => `pk_${randomBytes(18).toString("base64url")}`;
const newSecretKey = () => `sk_${randomBytes(32).toString("base64url")}`;

/** An embed's settings as the rest of the API reads them. */
export interface EmbedConfig {
  id: string;
  ownerId: string;
  publishableKey: string;
  allowedOrigins: string[];
  features: EmbedFeature[];
  problems: string[] | null;
  executionsPerMinute: number | null;
  hourlyLimits: EmbedHourlyLimits;
  webhookUrl: string | null;
  tutorPolicy: TutorPolicy;
}

export const configOf = (row: EmbedRow): EmbedConfig => ({
  id: row.id,
  ownerId: row.owner_id,
  publishableKey: row.publishable_key,
  allowedOrigins: jsonList(row.allowed_origins) ?? [],
  features: (jsonList(row.features) ?? []) as EmbedFeature[],
  problems: jsonList(row.problems),
  executionsPerMinute: row.executions_per_minute,
  hourlyLimits: hourlyLimitsOf(row),
  webhookUrl: row.webhook_url,
  tutorPolicy: row.tutor_policy,
});

const storedLimit = (value: number | null | undefined) =>
  value === null || value === undefined ? null : Number(value);

export interface EmbedDeps {
  db: Knex;
  secrets: SecretBox;
  audit: AuditLog;
  clock: Clock;
  /** Origins allowed as webhook targets although private (`ALLOW_PRIVATE_PROVIDER_URLS`). */
  allowPrivateUrls?: readonly string[];
  /** Whether http://localhost-style origins may be allowed (development only). */
  allowLoopbackOrigins?: boolean;
  lookup?: LookupAll;
  /** The user's personal course, made on first need: where `POST /embeds` (outside a course) puts one. */
  personalCourseOf?: (userId: string) => Promise<string>;
}

/** Embeds: how course sites put exercises on their pages, configured by their owners. */
export function createEmbeds({
  db,
  secrets,
  audit,
  clock,
  allowPrivateUrls = [],
  allowLoopbackOrigins = false,
  lookup,
  personalCourseOf,
}: EmbedDeps) {
  const now = () => iso(clock.now());
  const embeds = () => db<EmbedRow>("embeds");
  const urlPolicy = {
    allowPrivateOrigins: parsePrivateOrigins(allowPrivateUrls),
    ...(lookup ? { lookup } : {}),
  };

  /** Embeds the user made, and those of the courses they own or teach. */
  const managedBy = (userId: string) =>
    embeds().where((q) =>
      q.where({ owner_id: userId }).orWhereIn("course_id", coursesWhere(db, userId, EDITORS)),
    );

  /**
   * An embed the caller manages (made it, or owns or teaches its course), or 404 — the same
   * answer whether the id is unknown or someone else's.
   */
  async function ownEmbed(principal: Principal, id: string): Promise<EmbedRow> {
    const row = /^[0-9a-f-]{36}$/i.test(id)
      ? await managedBy(principal.user.id).where({ id }).first()
      : undefined;
    if (!row) throw fail.notFound("embed_not_found", "No such embed.");
    return row;
  }

  /** The embed a publishable key names, or undefined. */
  async function byPublishableKey(publishableKey: string): Promise<EmbedRow | undefined> {
    if (!/^pk_[A-Za-z0-9_-]{10,60}$/.test(publishableKey)) return undefined;
    return embeds().where({ publishable_key: publishableKey }).first();
  }

  function assertMayCreate(principal: Principal) {
    if (principal.user.role !== "author" && principal.user.role !== "admin") {
      throw fail.authorization("role_required", "Only authors and admins can create embeds.");
    }
  }

  function assertOrigins(origins: readonly string[]) {
    if (allowLoopbackOrigins) return;
    const index = origins.findIndex((o) => isLoopbackOrigin(o) && o.startsWith("http:"));
    if (index >= 0) {
      const message = "plain http://localhost origins are allowed only in development; use https://";
      throw fail.validation("invalid_request", "Some fields are missing or not valid.", [
        { path: `allowedOrigins.${index}`, message },
      ]);
    }
  }

  async function assertWebhookUrl(url: string) {
    const check = await checkProviderUrl(url, urlPolicy);
    if (check.ok) return;
    const message =
      check.reason === "unresolvable"
        ? "The host of the webhook URL could not be found; check the address."
        : "The webhook URL must be https:// and reach a public address; loopback, private and cloud-metadata addresses are refused.";
    throw fail.validation("webhook_url_not_allowed", message, [{ path: "webhookUrl", message }]);
  }

  /** Sponsoring the tutor needs a key that can pay: one in the owner's vault that has not expired. */
  async function assertMaySponsor(ownerId: string) {
    const key = await db("api_keys")
      .where({ user_id: ownerId })
      .where((q) => q.whereNull("expires_at").orWhere("expires_at", ">", now()))
      .first("id");
    if (key) return;
    const message =
      "Sponsoring the tutor needs an AI key in your key vault (it pays for your learners' replies); add one, then try again.";
    throw fail.validation("chat_key_required", message, [{ path: "chat.sponsored", message }]);
  }

  const view = (row: EmbedRow): Embed => {
    const config = configOf(row);
    return Embed.parse({
      id: row.id,
      courseId: row.course_id ?? null,
      name: row.name,
      publishableKey: row.publishable_key,
      allowedOrigins: config.allowedOrigins,
      features: config.features,
      problems: config.problems,
      executionsPerMinute: row.executions_per_minute,
      runsPerHour: storedLimit(row.runs_per_hour),
      submissionsPerHour: storedLimit(row.submissions_per_hour),
      tutorMessagesPerHour: storedLimit(row.tutor_messages_per_hour),
      webhookUrl: row.webhook_url,
      tutorPolicy: row.tutor_policy,
      chat: chatOf(row),
      secretRotatedAt: row.secret_rotated_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  };

  /** A new secret key, its hash and its sealed form for this row. */
  async function secretFor(row: { id: string; owner_id: string }) {
    const secretKey = newSecretKey();
    return {
      secretKey,
      secret_key_hash: hashToken(secretKey),
      signing_secret: await secrets.seal(secretKey, signingContext(row)),
    };
  }

  const record = (row: EmbedRow, action: string, meta: RequestMeta, details: Record<string, unknown> = {}) =>
    audit.record({
      action,
      actorId: row.owner_id,
      targetType: "embed",
      targetId: row.id,
      details: { name: row.name, ...details },
      ip: meta.ip ?? null,
      userAgent: meta.userAgent ?? null,
      requestId: meta.requestId ?? null,
    });

  return {
    async list(principal: Principal): Promise<Embed[]> {
      const rows = await managedBy(principal.user.id).orderBy("created_at").orderBy("id");
      return rows.map(view);
    },

    /** A course's embeds (the route checked the caller is its staff). */
    async listInCourse(courseId: string): Promise<Embed[]> {
      const rows = await embeds().where({ course_id: courseId }).orderBy("created_at").orderBy("id");
      return rows.map(view);
    },

    async get(principal: Principal, id: string): Promise<Embed> {
      return view(await ownEmbed(principal, id));
    },

    async create(
      principal: Principal,
      input: z.output<typeof CreateEmbedRequest>,
      meta: RequestMeta,
      /** Inside this course (the route checked the caller owns or teaches it); else the personal course. */
      place: { courseId?: string } = {},
    ): Promise<EmbedWithSecret> {
      // In a course, its role is the permission; outside one, the account's author role.
      if (!place.courseId) assertMayCreate(principal);
      assertOrigins(input.allowedOrigins);
      if (input.webhookUrl) await assertWebhookUrl(input.webhookUrl);
      if (input.chat?.sponsored) await assertMaySponsor(principal.user.id);
      const count = await embeds().where({ owner_id: principal.user.id }).count({ n: "*" }).first();
      if (Number(count?.n ?? 0) >= MAX_EMBEDS_PER_USER) {
        throw fail.conflict(
          "embed_limit_reached",
          `You can keep at most ${MAX_EMBEDS_PER_USER} embeds; delete one first.`,
        );
      }
      const at = now();
      const id = randomUUID();
      const { secretKey, ...sealed } = await secretFor({ id, owner_id: principal.user.id });
      const courseId =
        place.courseId ?? (personalCourseOf ? await personalCourseOf(principal.user.id) : null);
      const row: EmbedRow = {
        id,
        owner_id: principal.user.id,
        course_id: courseId,
        name: input.name,
        publishable_key: newPublishableKey(),
        ...sealed,
        allowed_origins: JSON.stringify(input.allowedOrigins),
        features: JSON.stringify(input.features ?? ["problem"]),
        problems: input.problems ? JSON.stringify(input.problems) : null,
        executions_per_minute: input.executionsPerMinute ?? null,
        runs_per_hour: input.runsPerHour ?? null,
        submissions_per_hour: input.submissionsPerHour ?? null,
        tutor_messages_per_hour: input.tutorMessagesPerHour ?? null,
        webhook_url: input.webhookUrl ?? null,
        tutor_policy: input.tutorPolicy ?? "hints",
        chat_sponsored: input.chat?.sponsored ?? false,
        chat_monthly_token_budget: input.chat?.monthlyTokenBudget ?? null,
        secret_rotated_at: null,
        created_at: at,
        updated_at: at,
      };
      await embeds().insert(row);
      await record(row, "embed.created", meta, {
        allowedOrigins: input.allowedOrigins,
        features: input.features ?? ["problem"],
        chat: chatOf(row),
      });
      return EmbedWithSecret.parse({ ...view(row), secretKey });
    },

    async update(
      principal: Principal,
      id: string,
      input: z.output<typeof UpdateEmbedRequest>,
      meta: RequestMeta,
    ): Promise<Embed> {
      const row = await ownEmbed(principal, id);
      const changes: Partial<EmbedRow> = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.allowedOrigins !== undefined) {
        assertOrigins(input.allowedOrigins);
        changes.allowed_origins = JSON.stringify(input.allowedOrigins);
      }
      if (input.features !== undefined) changes.features = JSON.stringify(input.features);
      if (input.problems !== undefined) changes.problems = input.problems && JSON.stringify(input.problems);
      if (input.executionsPerMinute !== undefined) changes.executions_per_minute = input.executionsPerMinute;
      if (input.runsPerHour !== undefined) changes.runs_per_hour = input.runsPerHour;
      if (input.submissionsPerHour !== undefined) changes.submissions_per_hour = input.submissionsPerHour;
      if (input.tutorMessagesPerHour !== undefined)
        changes.tutor_messages_per_hour = input.tutorMessagesPerHour;
      if (input.webhookUrl !== undefined) {
        if (input.webhookUrl) await assertWebhookUrl(input.webhookUrl);
        changes.webhook_url = input.webhookUrl;
      }
      if (input.tutorPolicy !== undefined) changes.tutor_policy = input.tutorPolicy;
      if (input.chat !== undefined && row.owner_id !== principal.user.id) {
        throw fail.authorization(
          "sponsor_owner_only",
          "Only the embed's creator can change its tutor sponsorship: their AI key pays for it.",
        );
      }
      if (input.chat?.sponsored !== undefined) {
        if (input.chat.sponsored && !chatOf(row).sponsored) await assertMaySponsor(row.owner_id);
        changes.chat_sponsored = input.chat.sponsored;
      }
      if (input.chat?.monthlyTokenBudget !== undefined) {
        changes.chat_monthly_token_budget = input.chat.monthlyTokenBudget;
      }
      const updated: EmbedRow = { ...row, ...changes, updated_at: now() };
      await embeds()
        .where({ id: row.id, owner_id: row.owner_id })
        .update({ ...changes, updated_at: updated.updated_at });
      await record(updated, "embed.updated", meta, { fields: Object.keys(input) });
      const before = chatOf(row);
      const after = chatOf(updated);
      if (before.sponsored !== after.sponsored || before.monthlyTokenBudget !== after.monthlyTokenBudget) {
        // Who pays for learners' tutor replies, and how much, is its own entry in the trail.
        await record(updated, "embed.chat_sponsorship_changed", meta, { from: before, to: after });
      }
      return view(updated);
    },

    async remove(principal: Principal, id: string, meta: RequestMeta): Promise<void> {
      const row = await ownEmbed(principal, id);
      // Its learner sessions, webhook deliveries and learners' submissions go with it (cascade).
      await embeds().where({ id: row.id, owner_id: row.owner_id }).delete();
      await record(row, "embed.deleted", meta);
    },

    /** A new `sk_…`, shown once; the old one stops verifying learner tokens at once. */
    async rotateSecret(principal: Principal, id: string, meta: RequestMeta): Promise<EmbedWithSecret> {
      const row = await ownEmbed(principal, id);
      const { secretKey, ...sealed } = await secretFor(row);
      const at = now();
      const updated: EmbedRow = { ...row, ...sealed, secret_rotated_at: at, updated_at: at };
      await embeds()
        .where({ id: row.id, owner_id: row.owner_id })
        .update({ ...sealed, secret_rotated_at: at, updated_at: at });
      await record(updated, "embed.secret_rotated", meta);
      return EmbedWithSecret.parse({ ...view(updated), secretKey });
    },

    async deliveries(principal: Principal, id: string): Promise<WebhookDelivery[]> {
      const row = await ownEmbed(principal, id);
      const rows = await db("webhook_deliveries")
        .where({ embed_id: row.id })
        .orderBy("created_at", "desc")
        .orderBy("id")
        .limit(100);
      return rows.map((d) =>
        WebhookDelivery.parse({
          id: d.id,
          event: d.event,
          submissionId: d.submission_id,
          url: d.url,
          status: d.status,
          attempts: Number(d.attempts),
          lastStatusCode: d.last_status_code === null ? null : Number(d.last_status_code),
          lastError: d.last_error,
          nextAttemptAt: d.next_attempt_at,
          createdAt: d.created_at,
          deliveredAt: d.delivered_at,
        }),
      );
    },

    byPublishableKey,

    /** The origins the embed a publishable key names allows, or undefined for an unknown key. */
    async allowedOriginsOf(publishableKey: string): Promise<string[] | undefined> {
      const row = await byPublishableKey(publishableKey);
      return row && configOf(row).allowedOrigins;
    },

    async byId(id: string): Promise<EmbedRow | undefined> {
      return embeds().where({ id }).first();
    },

    /** Whether any embed allows this origin: what a CORS preflight, which carries no key, can ask. */
    async anyAllows(origin: string | undefined): Promise<boolean> {
      const candidates = candidateEntries(origin);
      if (candidates.length === 0) return false;
      // The JSON text holds each entry quoted; LIKE narrows, originAllowed decides.
      const rows = await embeds()
        .where((q) => {
          for (const c of candidates) q.orWhere("allowed_origins", "like", `%"${c}"%`);
        })
        .select("allowed_origins")
        .limit(20);
      return rows.some((r) => originAllowed(origin, jsonList(r.allowed_origins) ?? []));
    },

    /** The embed's secret key, opened for this use only; a damaged envelope is a conflict. */
    async signingSecret(row: EmbedRow): Promise<string> {
      try {
        return await secrets.open(row.signing_secret, signingContext(row));
      } catch (err) {
        if (!(err instanceof VaultError)) throw err;
        throw new ApiError(
          409,
          "conflict",
          "embed_secret_unreadable",
          "The embed's stored secret key cannot be read; rotate it in the portal.",
        );
      }
    },
  };
}

export type Embeds = ReturnType<typeof createEmbeds>;

function jsonList(text: string | null | unknown): string[] | null {
  if (text === null || text === undefined) return null;
  try {
    const parsed = typeof text === "string" ? JSON.parse(text) : text;
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === "string") : null;
  } catch {
    return null;
  }
}
