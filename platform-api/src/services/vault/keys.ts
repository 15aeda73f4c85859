import { randomUUID } from "node:crypto";
import {
  type ApiKey,
  type CreateKeyRequest,
  type KeyProvider,
  KeyTask,
  type KeyUsage,
  Preferences,
  providerNeedsBaseUrl,
  type UpdateKeyRequest,
  type UpdatePreferencesRequest,
  type VerifyKeyResponse,
} from "@codeground/sdk";
import type { Knex } from "knex";
import type { Dispatcher } from "undici";
import type { z } from "zod";
import { isUniqueViolation } from "../../db/errors.js";
import { ApiError, fail } from "../../http/errors.js";
import { fingerprint, last4, VaultError } from "../../kms/index.js";
import type { Principal, RequestMeta } from "../accounts/accounts.js";
import type { AuditLog } from "../audit/audit.js";
import { type Clock, iso } from "../shared/clock.js";
import { pinnedDispatcher } from "../shared/pinned-dispatcher.js";
import { usageMonth } from "../tutor/llm/usage.js";
import { createKeyListCache, type KeyListCacheOptions } from "./key-list-cache.js";
import { parsePrivateOrigins } from "./private-origins.js";
import { checkProviderUrl, type LookupAll } from "./provider-url.js";
import { DEFAULT_BASE_URLS, verifyWithProvider } from "./providers.js";
import type { SecretBox } from "./secret-box.js";

/** A user may keep this many keys; enough for every provider and model, not enough to abuse the vault. */
export const MAX_KEYS_PER_USER = 100;

interface KeyRow {
  id: string;
  user_id: string;
  name: string;
  provider: KeyProvider;
  model: string | null;
  /** Sealed envelope (JSON text); plaintext only in memory, only while calling the provider. */
  secret: string;
  /** Sealed envelope, or null when the provider's own endpoint is used. */
  base_url: string | null;
  kms_key_id: string;
  last4: string;
  fingerprint: string;
  expires_at: string | null;
  last_used_at: string | null;
  usage: string;
  monthly_token_budget: number | null;
  /** This month's counters (see 012_key_usage_counters): for `usage_month` only. */
  usage_month: string | null;
  usage_requests: number | string;
  usage_input_tokens: number | string;
  usage_output_tokens: number | string;
  created_at: string;
  updated_at: string;
}

/** What a key list reads: everything but the sealed secret. */
const LISTED_COLUMNS = [
  "id",
  "user_id",
  "name",
  "provider",
  "model",
  "base_url",
  "last4",
  "fingerprint",
  "expires_at",
  "last_used_at",
  "monthly_token_budget",
  "usage_month",
  "usage_requests",
  "usage_input_tokens",
  "usage_output_tokens",
  "created_at",
  "updated_at",
] as const;
type ListedKeyRow = Pick<KeyRow, (typeof LISTED_COLUMNS)[number]>;

// The row id and owner are bound into each envelope: a secret moved to another row does not open.
const secretContext = (row: { id: string; user_id: string }) => ({
  table: "api_keys",
  rowId: row.id,
  ownerId: row.user_id,
});
const baseUrlContext = (row: { id: string; user_id: string }) => ({
  table: "api_keys.base_url",
  rowId: row.id,
  ownerId: row.user_id,
});

const EMPTY_USAGE: KeyUsage = { requests: 0, inputTokens: 0, outputTokens: 0 };

export interface KeyDeps {
  db: Knex;
  secrets: SecretBox;
  audit: AuditLog;
  clock: Clock;
  /** Origins allowed as provider base URLs although private (`ALLOW_PRIVATE_PROVIDER_URLS`). */
  allowPrivateProviderUrls?: readonly string[];
  /** DNS, injectable so tests can play a rebinding name server without a network. */
  lookup?: LookupAll;
  providerTimeoutMs?: number;
  /** Key lists kept in memory (`AUTH_CACHE_TTL_MS`); off when absent. */
  listCache?: Omit<KeyListCacheOptions, "clock">;
}

/** The key vault: provider API keys sealed at rest, shown only by last four and fingerprint. */
export function createKeys({
  db,
  secrets,
  audit,
  clock,
  allowPrivateProviderUrls = [],
  lookup,
  providerTimeoutMs,
  listCache: listCacheOptions,
}: KeyDeps) {
  const listCache = createKeyListCache<{ row: ListedKeyRow; baseUrl: string | null }[]>({
    clock,
    ttlMs: 0,
    ...listCacheOptions,
  });
  const now = () => iso(clock.now());
  const keys = () => db<KeyRow>("api_keys");
  const urlPolicy = {
    allowPrivateOrigins: parsePrivateOrigins(allowPrivateProviderUrls),
    ...(lookup ? { lookup } : {}),
  };

  /** The caller's own key, or 404 — the same answer whether the id is unknown or someone else's. */
  async function ownKey(principal: Principal, id: string): Promise<KeyRow> {
    const row = /^[0-9a-f-]{36}$/i.test(id)
      ? await keys().where({ id, user_id: principal.user.id }).first()
      : undefined;
    if (!row) throw fail.notFound("key_not_found", "No such key.");
    return row;
  }

  async function assertNameFree(userId: string, name: string, exceptId?: string) {
    const q = keys().where({ user_id: userId }).whereRaw("lower(name) = ?", [name.toLowerCase()]);
    if (exceptId) q.whereNot({ id: exceptId });
    if (await q.first()) throw nameTaken();
  }

  function assertFuture(expiresAt: string | null | undefined) {
    if (expiresAt && expiresAt <= now()) {
      throw fail.validation("invalid_request", "Some fields are missing or not valid.", [
        { path: "expiresAt", message: "pick a date in the future" },
      ]);
    }
  }

  async function assertBaseUrlAllowed(baseUrl: string) {
    const check = await checkProviderUrl(baseUrl, urlPolicy);
    if (check.ok) return;
    throw fail.validation(
      check.reason === "not_allowed" ? "base_url_not_allowed" : "base_url_unresolvable",
      check.message,
      [{ path: "baseUrl", message: check.message }],
    );
  }

  /** Opens an envelope of this row; one that does not open was altered or moved here. */
  async function unseal(
    row: KeyRow,
    envelope: string,
    context: ReturnType<typeof secretContext>,
    meta: RequestMeta,
  ) {
    try {
      return await secrets.open(envelope, context);
    } catch (err) {
      if (!(err instanceof VaultError)) throw err;
      await audit.record({
        action: "key.unreadable",
        actorId: row.user_id,
        targetType: "api_key",
        targetId: row.id,
        details: { name: row.name, part: context.table, reason: err.code },
        ...auditMeta(meta),
      });
      throw new ApiError(
        409,
        "conflict",
        "key_unreadable",
        "The stored secret of this key cannot be read: it was altered or moved. Delete the key and add it again.",
      );
    }
  }

  /** The base URL for display; a damaged one shows as null rather than breaking the whole list. */
  async function displayBaseUrl(row: ListedKeyRow): Promise<string | null> {
    if (!row.base_url) return null;
    try {
      return await secrets.open(row.base_url, baseUrlContext(row));
    } catch (err) {
      if (err instanceof VaultError) return null;
      throw err;
    }
  }

  /**
   * The one shape a key leaves the server in: every field named here, nothing spread from the row
   * (the type checker refuses an extra one), so the sealed secret has no way out.
   */
  function present(row: ListedKeyRow, baseUrl: string | null, usage: KeyUsage = EMPTY_USAGE): ApiKey {
    return {
      id: row.id,
      name: row.name,
      provider: row.provider,
      model: row.model,
      baseUrl,
      last4: row.last4,
      fingerprint: row.fingerprint,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      expiresAt: row.expires_at,
      expired: isExpired(row),
      lastUsedAt: row.last_used_at,
      usage,
      monthlyTokenBudget: row.monthly_token_budget,
    };
  }

  /** This calendar month's (UTC) tutor and feedback calls, from the key's own counters. */
  function monthUsage(row: ListedKeyRow): KeyUsage {
    if (row.usage_month !== usageMonth(now())) return EMPTY_USAGE;
    return {
      requests: Number(row.usage_requests),
      inputTokens: Number(row.usage_input_tokens),
      outputTokens: Number(row.usage_output_tokens),
    };
  }

  async function view(row: KeyRow): Promise<ApiKey> {
    return present(row, await displayBaseUrl(row), monthUsage(row));
  }

  const isExpired = (row: Pick<KeyRow, "expires_at">) => row.expires_at !== null && row.expires_at <= now();

  /** Seals the secret and base URL together, so both are under the master key `kms_key_id` names. */
  async function sealed(row: { id: string; user_id: string }, secret: string, baseUrl: string | null) {
    const secretEnvelope = await secrets.seal(secret, secretContext(row));
    return {
      secret: secretEnvelope,
      base_url: baseUrl === null ? null : await secrets.seal(baseUrl, baseUrlContext(row)),
      kms_key_id: keyIdOf(secrets, secretEnvelope),
      last4: last4(secret),
      fingerprint: fingerprint(secret),
    };
  }

  async function ownPreferences(userId: string): Promise<Preferences> {
    const row = await db("user_preferences").where({ user_id: userId }).first();
    const stored = parseKeyChoices(row?.keys);
    const ids = Object.values(stored);
    // A key deleted since it was chosen no longer serves its task.
    const existing = new Set(
      ids.length
        ? (await keys().where({ user_id: userId }).whereIn("id", ids).select("id")).map((r) => r.id)
        : [],
    );
    const pick = (task: KeyTask) => {
      const id = stored[task];
      return id && existing.has(id) ? id : null;
    };
    return Preferences.parse({ keys: { chat: pick("chat"), feedback: pick("feedback") } });
  }

  return {
    async list(principal: Principal): Promise<ApiKey[]> {
      // Every request of a key manager lists keys: served from memory while nothing changed, and
      // read with no secret column and no envelope opened unless a key has a custom base URL.
      const userId = principal.user.id;
      let listed = listCache.get(userId);
      if (!listed) {
        const epoch = listCache.epoch();
        const rows = (await keys()
          .select([...LISTED_COLUMNS])
          .where({ user_id: userId })
          .orderBy("created_at")
          .orderBy("id")) as ListedKeyRow[];
        listed = await Promise.all(
          rows.map(async (row) => ({ row, baseUrl: row.base_url ? await displayBaseUrl(row) : null })),
        );
        listCache.set(
          userId,
          listed,
          rows.map((row) => row.id),
          epoch,
        );
      }
      // Expiry and this month's usage depend on the time of asking, so they are worked out now.
      return listed.map(({ row, baseUrl }) => present(row, baseUrl, monthUsage(row)));
    },

    async get(principal: Principal, id: string): Promise<ApiKey> {
      return view(await ownKey(principal, id));
    },

    async create(
      principal: Principal,
      input: z.output<typeof CreateKeyRequest>,
      meta: RequestMeta,
    ): Promise<ApiKey> {
      const userId = principal.user.id;
      assertFuture(input.expiresAt);
      if (input.baseUrl) await assertBaseUrlAllowed(input.baseUrl);
      await assertNameFree(userId, input.name);
      const count = await keys().where({ user_id: userId }).count({ n: "*" }).first();
      if (Number(count?.n ?? 0) >= MAX_KEYS_PER_USER) {
        throw fail.conflict(
          "key_limit_reached",
          `You can keep at most ${MAX_KEYS_PER_USER} keys; delete one first.`,
        );
      }
      const at = now();
      const id = randomUUID();
      const row: KeyRow = {
        id,
        user_id: userId,
        name: input.name,
        provider: input.provider,
        model: input.model ?? null,
        ...(await sealed({ id, user_id: userId }, input.secret, input.baseUrl ?? null)),
        expires_at: input.expiresAt ?? null,
        last_used_at: null,
        usage: JSON.stringify(EMPTY_USAGE),
        monthly_token_budget: input.monthlyTokenBudget ?? null,
        usage_month: null,
        usage_requests: 0,
        usage_input_tokens: 0,
        usage_output_tokens: 0,
        created_at: at,
        updated_at: at,
      };
      try {
        await keys().insert(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken();
        throw err;
      }
      await listCache.forget(userId);
      await audit.record({
        action: "key.created",
        actorId: userId,
        targetType: "api_key",
        targetId: id,
        details: { name: row.name, provider: row.provider },
        ...auditMeta(meta),
      });
      return view(row);
    },

    async update(
      principal: Principal,
      id: string,
      input: z.output<typeof UpdateKeyRequest>,
      meta: RequestMeta,
    ): Promise<ApiKey> {
      const row = await ownKey(principal, id);
      const changes: Partial<KeyRow> = {};
      if (input.name !== undefined && input.name !== row.name) {
        await assertNameFree(row.user_id, input.name, row.id);
        changes.name = input.name;
      }
      if (input.model !== undefined) changes.model = input.model;
      if (input.monthlyTokenBudget !== undefined) changes.monthly_token_budget = input.monthlyTokenBudget;
      if (input.expiresAt !== undefined) {
        assertFuture(input.expiresAt);
        changes.expires_at = input.expiresAt;
      }
      if (input.baseUrl !== undefined) {
        const message = providerNeedsBaseUrl(row.provider)
          ? input.baseUrl === null && `${row.provider} keys need a base URL`
          : input.baseUrl !== null &&
            `${row.provider} keys always use the provider's own endpoint; for another endpoint add an "openai-compatible" key`;
        if (message) {
          throw fail.validation("invalid_request", "Some fields are missing or not valid.", [
            { path: "baseUrl", message },
          ]);
        }
        if (input.baseUrl) await assertBaseUrlAllowed(input.baseUrl);
        // A secret goes only where its owner sent it along: whoever may edit the key (a keys grant,
        // say) must not point the stored secret at an address of their own and press verify.
        if (input.baseUrl && input.secret === undefined) {
          const current = row.base_url && (await unseal(row, row.base_url, baseUrlContext(row), meta));
          if (current !== input.baseUrl) {
            throw fail.validation(
              "secret_required",
              "A new base URL needs the key's secret again: send `secret` together with `baseUrl`.",
              [{ path: "secret", message: "required when baseUrl changes" }],
            );
          }
        }
      }
      if (input.secret !== undefined || input.baseUrl !== undefined) {
        // Re-seal both, so the row's envelopes stay under one master key (what kms_key_id records).
        const secret = input.secret ?? (await unseal(row, row.secret, secretContext(row), meta));
        const baseUrl =
          input.baseUrl !== undefined
            ? input.baseUrl
            : row.base_url && (await unseal(row, row.base_url, baseUrlContext(row), meta));
        Object.assign(changes, await sealed(row, secret, baseUrl ?? null));
      }
      const updated: KeyRow = { ...row, ...changes, updated_at: now() };
      try {
        await keys()
          .where({ id: row.id, user_id: row.user_id })
          .update({ ...changes, updated_at: updated.updated_at });
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken();
        throw err;
      }
      await listCache.forget(row.user_id);
      const base = { actorId: row.user_id, targetType: "api_key", targetId: row.id, ...auditMeta(meta) };
      const fields = Object.keys(input).filter((f) => f !== "secret");
      if (fields.length) {
        await audit.record({ ...base, action: "key.updated", details: { name: updated.name, fields } });
      }
      if (input.secret !== undefined) {
        await audit.record({ ...base, action: "key.secret_replaced", details: { name: updated.name } });
      }
      return view(updated);
    },

    async remove(principal: Principal, id: string, meta: RequestMeta): Promise<void> {
      const row = await ownKey(principal, id);
      await db.transaction(async (trx) => {
        await trx("api_keys").where({ id: row.id, user_id: row.user_id }).delete();
        const prefs = await trx("user_preferences").where({ user_id: row.user_id }).first();
        if (prefs) {
          const choices = parseKeyChoices(prefs.keys);
          const kept = Object.fromEntries(Object.entries(choices).filter(([, keyId]) => keyId !== row.id));
          if (Object.keys(kept).length !== Object.keys(choices).length) {
            await trx("user_preferences")
              .where({ user_id: row.user_id })
              .update({ keys: JSON.stringify(kept), updated_at: now() });
          }
        }
      });
      await listCache.forget(row.user_id);
      await audit.record({
        action: "key.deleted",
        actorId: row.user_id,
        targetType: "api_key",
        targetId: row.id,
        details: { name: row.name, provider: row.provider },
        ...auditMeta(meta),
      });
    },

    /** Calls the provider with the stored key, decrypted in memory for this call only. */
    async verify(principal: Principal, id: string, meta: RequestMeta): Promise<VerifyKeyResponse> {
      const row = await ownKey(principal, id);
      const checkedAt = now();
      const record = (details: Record<string, unknown>) =>
        audit.record({
          action: "key.verified",
          actorId: row.user_id,
          targetType: "api_key",
          targetId: row.id,
          details: { name: row.name, provider: row.provider, ...details },
          ...auditMeta(meta),
        });
      if (row.expires_at !== null && row.expires_at <= checkedAt) {
        await record({ ok: false, reason: "expired" });
        return { ok: false, checkedAt, message: `this key expired on ${row.expires_at}` };
      }
      let base = DEFAULT_BASE_URLS[row.provider];
      let dispatcher: Dispatcher | undefined;
      if (row.base_url) {
        base = await unseal(row, row.base_url, baseUrlContext(row), meta);
        // Again now, not only when saved: the name may resolve elsewhere today (DNS rebinding).
        // The connection is pinned to the addresses this check accepted, so an answer that
        // changes between the check and the connection cannot redirect it.
        const pinned = await pinnedDispatcher(base, urlPolicy);
        if (!pinned.ok) {
          await record({ ok: false, reason: pinned.reason });
          if (pinned.reason === "unresolvable") {
            throw new ApiError(502, "external_service", "provider_unreachable", pinned.message);
          }
          throw fail.validation("base_url_not_allowed", pinned.message, [
            { path: "baseUrl", message: pinned.message },
          ]);
        }
        dispatcher = pinned.dispatcher;
      }
      if (!base) throw new Error(`no endpoint known for ${row.provider} keys`);
      const secret = await unseal(row, row.secret, secretContext(row), meta);
      let verdict: Awaited<ReturnType<typeof verifyWithProvider>>;
      try {
        verdict = await verifyWithProvider(row.provider, base, secret, {
          ...(providerTimeoutMs ? { timeoutMs: providerTimeoutMs } : {}),
          ...(dispatcher ? { dispatcher } : {}),
        });
      } catch (err) {
        await record({ ok: false, reason: err instanceof ApiError ? err.code : "error" });
        throw err;
      }
      if (verdict.ok) {
        await keys().where({ id: row.id }).update({ last_used_at: checkedAt });
        await listCache.forget(row.user_id);
      }
      await record({ ok: verdict.ok });
      return { ok: verdict.ok, checkedAt, ...(verdict.message ? { message: verdict.message } : {}) };
    },

    getPreferences(principal: Principal): Promise<Preferences> {
      return ownPreferences(principal.user.id);
    },

    /** Sets which of the caller's keys serve which task; another user's key id is unknown here (404). */
    async setPreferences(
      principal: Principal,
      input: z.output<typeof UpdatePreferencesRequest>,
      meta: RequestMeta,
    ): Promise<Preferences> {
      const userId = principal.user.id;
      for (const task of KeyTask.options) {
        const keyId = input.keys[task];
        if (keyId) await ownKey(principal, keyId);
      }
      const current = (await ownPreferences(userId)).keys;
      const next: Record<string, string> = {};
      for (const task of KeyTask.options) {
        const keyId = input.keys[task] === undefined ? current[task] : input.keys[task];
        if (keyId) next[task] = keyId;
      }
      const at = now();
      const updated = await db("user_preferences")
        .where({ user_id: userId })
        .update({ keys: JSON.stringify(next), updated_at: at });
      if (updated === 0) {
        try {
          await db("user_preferences").insert({
            user_id: userId,
            keys: JSON.stringify(next),
            updated_at: at,
          });
        } catch (err) {
          // Another request inserted the row first: this one's choice is the later one.
          if (!isUniqueViolation(err)) throw err;
          await db("user_preferences")
            .where({ user_id: userId })
            .update({ keys: JSON.stringify(next), updated_at: at });
        }
      }
      await audit.record({
        action: "preferences.updated",
        actorId: userId,
        targetType: "user",
        targetId: userId,
        details: { keys: next },
        ...auditMeta(meta),
      });
      return ownPreferences(userId);
    },

    close: () => listCache.close(),
  };
}

export type Keys = ReturnType<typeof createKeys>;

const nameTaken = () =>
  fail.conflict("key_name_taken", "You already have a key with this name; choose another name.");

/** The master key of an envelope: from the vault when it can say, else from the envelope's JSON. */
function keyIdOf(secrets: SecretBox, envelope: string): string {
  const vault = secrets as SecretBox & { keyIdOf?: (envelope: string) => string };
  if (typeof vault.keyIdOf === "function") return vault.keyIdOf(envelope);
  const keyId = (JSON.parse(envelope) as { keyId?: unknown }).keyId;
  if (typeof keyId !== "string") throw new Error("the vault returned an envelope without a keyId");
  return keyId;
}

function parseKeyChoices(value: unknown): Partial<Record<KeyTask, string>> {
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return {};
    }
  }
  if (!parsed || typeof parsed !== "object") return {};
  const choices: Partial<Record<KeyTask, string>> = {};
  for (const task of KeyTask.options) {
    const keyId = (parsed as Record<string, unknown>)[task];
    if (typeof keyId === "string") choices[task] = keyId;
  }
  return choices;
}

const auditMeta = (meta: RequestMeta) => ({
  ip: meta.ip ?? null,
  userAgent: meta.userAgent ?? null,
  requestId: meta.requestId ?? null,
});
