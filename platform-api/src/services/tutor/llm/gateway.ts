import type { KeyProvider } from "@codeground/sdk";
import type { Redis } from "ioredis";
import type { Knex } from "knex";
import { APIError } from "openai";
import type { Logger } from "pino";
import { type Dispatcher, getGlobalDispatcher } from "undici";
import { ApiError } from "../../../http/errors.js";
import { VaultError } from "../../../kms/index.js";
import { type Clock, iso } from "../../shared/clock.js";
import { pinnedDispatcher } from "../../shared/pinned-dispatcher.js";
import { parsePrivateOrigins } from "../../vault/private-origins.js";
import type { LookupAll } from "../../vault/provider-url.js";
import type { SecretBox } from "../../vault/secret-box.js";
import { backoffDelay, type RetrySettings, retryAfterMs, sleep } from "./backoff.js";
import { type BudgetScope, callAllowance, HOLD_TTL_MS, holdTokens, releaseHolds } from "./budget.js";
import { baseUrlContext, type KeyCandidate, keysInOrder, secretContext } from "./candidates.js";
import { type CircuitSettings, createCircuits } from "./circuit.js";
import { CHAT_BASE_URLS, chatClient, DEFAULT_MODELS, PROVIDER_LABELS } from "./endpoints.js";
import { forSponsoredLearner, llmErrors } from "./errors.js";
import type { LlmChunk, LlmGateway, LlmLookAhead, LlmPayer, LlmRequest, LlmUsage } from "./index.js";
import { createOpenedKeys, DEFAULT_POOL, type OpenedSecret } from "./opened-keys.js";
import { RequestSentDispatcher } from "./request-sent.js";
import { estimateTokens, monthStart, recordUsage } from "./usage.js";

export interface LlmGatewayDeps {
  db: Knex;
  secrets: SecretBox;
  clock: Clock;
  logger: Logger;
  /** Origins allowed as provider base URLs although private (`ALLOW_PRIVATE_PROVIDER_URLS`). */
  allowPrivateProviderUrls: readonly string[];
  /** DNS, injectable so tests can play a rebinding name server. */
  lookup?: LookupAll;
  /** The providers' own endpoints, replaceable so tests reach a loopback server. */
  endpoints?: Partial<Record<KeyProvider, string>>;
  timeouts?: Partial<{
    /** From sending the request to the first streamed chunk (connect, queue, prompt processing). */
    firstTokenMs: number;
    /** Between two chunks of a stream: a stalled stream ends instead of hanging the learner. */
    idleMs: number;
  }>;
  retry?: Partial<RetrySettings>;
  circuit?: Partial<CircuitSettings>;
  random?: () => number;
  /**
   * How long a decrypted key (and its client) is reused for later calls (default 60 s; 0: decrypt
   * for every call). A changed or deleted key is never reused (see opened-keys.ts).
   */
  keyCacheTtlMs?: number;
  /** Shares the circuit breakers between API instances; in this instance's memory when absent. */
  redis?: Redis;
}

const DEFAULT_TIMEOUTS = { firstTokenMs: 30_000, idleMs: 30_000 };
const DEFAULT_RETRY: RetrySettings = {
  maxRetries: 2,
  baseDelayMs: 250,
  maxDelayMs: 4000,
  retryAfterCapMs: 10_000,
};
const DEFAULT_CIRCUIT: CircuitSettings = { failureThreshold: 5, coolDownMs: 30_000 };

/** How an attempt failed; only the kinds marked retryable are tried again on the same key. */
type Failure =
  | { kind: "invalid"; status: number }
  | { kind: "rejected"; status: number }
  | { kind: "rate_limited"; status: number; retryAfterMs: number | undefined }
  | { kind: "server"; status: number }
  | { kind: "timeout" }
  | { kind: "connection" }
  | { kind: "redirected" }
  | { kind: "aborted" };

const retryable = (f: Failure) =>
  f.kind === "rate_limited" || f.kind === "server" || f.kind === "timeout" || f.kind === "connection";

/** Thrown inside an attempt: what failed, and whether the learner already has part of the reply. */
class AttemptFailed extends Error {
  constructor(
    readonly failure: Failure,
    readonly afterFirstToken: boolean,
  ) {
    super(failure.kind);
  }
}

interface OpenedKey {
  provider: KeyProvider;
  model: string;
  /** The client for this call: the key's secret, endpoint and (pinned) connection pool. */
  client: import("openai").OpenAI;
  /** The connection pool the client sends through. */
  dispatcher: Dispatcher;
}

/**
 * The tutor's way to the AI providers: picks the payer's key, enforces budgets, calls the provider
 * through the OpenAI chat-completions protocol (every provider offers it), retries and fails over
 * before the first token, and records what each call cost.
 */
export function createLlmGateway(deps: LlmGatewayDeps): LlmGateway {
  const { db, secrets, clock, logger } = deps;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...deps.timeouts };
  const retry = { ...DEFAULT_RETRY, ...deps.retry };
  const circuits = createCircuits(clock, { ...DEFAULT_CIRCUIT, ...deps.circuit }, deps.redis);
  const random = deps.random ?? Math.random;
  const log = logger.child({ component: "llm" });
  const openedKeys = createOpenedKeys({ ttlMs: deps.keyCacheTtlMs ?? 60_000, now: () => clock.now() });
  const urlPolicy = {
    allowPrivateOrigins: parsePrivateOrigins(deps.allowPrivateProviderUrls),
    ...(deps.lookup ? { lookup: deps.lookup } : {}),
  };

  /**
   * Defence in depth: an owner's key pays only for an embed that sponsors chat, and only its
   * owner's. Answers the embed's monthly budget (null: none).
   */
  async function sponsorBudget(request: LlmPayer): Promise<number | null> {
    const embed = await db("embeds")
      .where({ id: request.embedId })
      .first("owner_id", "chat_sponsored", "chat_monthly_token_budget");
    const sponsoring = embed?.chat_sponsored === true || embed?.chat_sponsored === 1;
    if (!embed || !sponsoring || embed.owner_id !== request.payerUserId) {
      throw new Error("an embed pays for a tutor call only when it sponsors chat, with its owner's keys");
    }
    const budget = embed.chat_monthly_token_budget;
    return budget === null || budget === undefined ? null : Number(budget);
  }

  /** The payer's unexpired keys, in order, and the sponsoring embed's budget; throws when there is none. */
  async function currentKeys(
    request: LlmPayer,
  ): Promise<{ keys: KeyCandidate[]; embedBudget: number | null }> {
    const [embedBudget, { keys }] = await Promise.all([
      request.embedId ? sponsorBudget(request) : Promise.resolve(null),
      keysInOrder(db, request.payerUserId, request.task),
    ]);
    if (keys.length === 0) throw llmErrors.noKeyChosen();
    const at = iso(clock.now());
    const current = keys.filter((k) => k.expires_at === null || k.expires_at > at);
    if (current.length === 0) throw llmErrors.keyExpired();
    return { keys: current, embedBudget };
  }

  /**
   * Sets this call's tokens aside under a monthly budget (see budget.ts); false when it is spent.
   * Every hold taken is added to `holds`, to be settled with the usage or given back.
   */
  async function hold(scope: BudgetScope, tokens: number, holds: Set<string>): Promise<string | false> {
    const now = clock.now();
    const result = await holdTokens(db, scope, tokens, {
      since: monthStart(now),
      at: iso(now),
      expiresAt: iso(now + HOLD_TTL_MS),
    });
    if (!result.ok) return false;
    if (result.id) holds.add(result.id);
    return result.id ?? "";
  }

  /** The key's secret and endpoint in plaintext: decrypted now, or reused (see opened-keys.ts). */
  async function openSecret(key: KeyCandidate): Promise<OpenedSecret> {
    const cached = openedKeys.get(key);
    if (cached) return cached;
    const baseUrl = key.base_url ? await secrets.open(key.base_url, baseUrlContext(key)) : undefined;
    const secret = await secrets.open(key.secret, secretContext(key));
    const opened: OpenedSecret = { secret, baseUrl, clients: new WeakMap() };
    openedKeys.set(key, opened);
    return opened;
  }

  /** The key ready for a call: opened, its endpoint checked (and pinned) again, its client. */
  async function openKey(key: KeyCandidate): Promise<OpenedKey> {
    const model = key.model ?? DEFAULT_MODELS[key.provider];
    if (!model) {
      throw llmErrors.keyUnusable(
        `The key "${key.name}" names no model; for ${PROVIDER_LABELS[key.provider]} set the deployment name as the key's model.`,
      );
    }
    const opened = await openSecret(key);
    const baseUrl = opened.baseUrl ?? deps.endpoints?.[key.provider] ?? CHAT_BASE_URLS[key.provider];
    if (!baseUrl) throw llmErrors.keyUnusable(`The key "${key.name}" has no endpoint; add its base URL.`);
    let dispatcher: Dispatcher | undefined;
    if (opened.baseUrl) {
      // Checked before every call, reused key or not: the name may answer differently now.
      const pinned = await pinnedDispatcher(opened.baseUrl, urlPolicy);
      if (!pinned.ok) throw llmErrors.baseUrlNotAllowed(pinned.message);
      dispatcher = pinned.dispatcher;
    }
    // The pinned pool is shared with later calls to the same addresses (see ../pinned-dispatcher.ts),
    // so a client built for it serves them too.
    const pool = dispatcher ?? DEFAULT_POOL;
    let client = opened.clients.get(pool);
    if (!client) {
      client = chatClient({
        provider: key.provider,
        baseUrl,
        secret: opened.secret,
        model,
        ...(dispatcher ? { dispatcher } : {}),
      });
      opened.clients.set(pool, client);
    }
    return { provider: key.provider, model, client, dispatcher: dispatcher ?? getGlobalDispatcher() };
  }

  function classify(err: unknown, timedOut: boolean, signal: AbortSignal): Failure {
    if (signal.aborted) return { kind: "aborted" };
    if (timedOut) return { kind: "timeout" };
    if (err instanceof APIError && typeof err.status === "number") {
      const status = err.status;
      if (status === 401 || status === 403) return { kind: "invalid", status };
      if (status === 429)
        return { kind: "rate_limited", status, retryAfterMs: retryAfterMs(err.headers, clock.now()) };
      if (status === 408 || status >= 500) return { kind: "server", status };
      return { kind: "rejected", status };
    }
    // Redirects are refused (they could lead past the base URL check): a wrong endpoint, not an outage.
    for (let cause: unknown = err, depth = 0; cause && depth < 5; depth++) {
      if ((cause as Error).message === "unexpected redirect") return { kind: "redirected" };
      cause = (cause as { cause?: unknown }).cause;
    }
    return { kind: "connection" };
  }

  /** One streamed call on one key; yields text, returns the usage the provider reported. */
  async function* attempt(
    key: OpenedKey,
    request: LlmRequest,
    sink: { text: string },
  ): AsyncGenerator<string, { usage: LlmUsage | undefined }> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(request.signal.reason);
    request.signal.addEventListener("abort", onAbort, { once: true });
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, ms);
    };
    let sent = false;
    let finished = false;
    let usage: LlmUsage | undefined;
    // Work that can wait for the reply starts once the request is written to its connection (or,
    // should that go unnoticed, once the provider answers), after the I/O already waiting: the
    // provider thinks meanwhile.
    let dispatched = false;
    const onDispatched = request.onDispatched;
    const dispatch = () => {
      if (dispatched || !onDispatched) return;
      dispatched = true;
      setImmediate(onDispatched);
    };
    arm(timeouts.firstTokenMs);
    try {
      const pending = key.client.chat.completions.create(
        {
          model: key.model,
          messages: request.messages,
          stream: true,
          stream_options: { include_usage: true },
          ...(request.maxOutputTokens ? { max_tokens: request.maxOutputTokens } : {}),
        },
        {
          signal: controller.signal,
          ...(onDispatched
            ? {
                // Merged over the client's own fetch options (redirects stay refused); the same pool.
                fetchOptions: {
                  dispatcher: new RequestSentDispatcher(key.dispatcher, dispatch),
                } as NonNullable<import("openai").ClientOptions["fetchOptions"]>,
              }
            : {}),
        },
      );
      const stream = await pending;
      dispatch();
      arm(timeouts.firstTokenMs);
      for await (const chunk of stream) {
        clearTimeout(timer);
        if (chunk.usage) {
          usage = {
            inputTokens: chunk.usage.prompt_tokens ?? 0,
            outputTokens: chunk.usage.completion_tokens ?? 0,
          };
        }
        const text = chunk.choices?.[0]?.delta?.content;
        if (text) {
          sent = true;
          sink.text += text;
          yield text;
        }
        arm(timeouts.idleMs);
      }
      // The client's stream ends quietly when aborted: a timeout or the caller, not the reply's end.
      if (controller.signal.aborted) throw controller.signal.reason;
      finished = true;
      return { usage };
    } catch (err) {
      throw new AttemptFailed(classify(err, timedOut, request.signal), sent);
    } finally {
      clearTimeout(timer);
      request.signal.removeEventListener("abort", onAbort);
      // The caller stopped reading (or something failed): end the provider's request too.
      if (!finished) controller.abort();
    }
  }

  type CurrentKeys = Awaited<ReturnType<typeof currentKeys>>;
  const lookAheads = new WeakSet<LlmLookAhead>();

  /** A look-ahead this gateway made for exactly this payer, task and embed; else none. */
  function lookedAheadFor(request: LlmRequest): Promise<CurrentKeys> | undefined {
    const ahead = request.lookedAhead;
    if (!ahead || !lookAheads.has(ahead)) return undefined;
    const { payer } = ahead;
    const same =
      payer.payerUserId === request.payerUserId &&
      payer.task === request.task &&
      (payer.embedId ?? null) === (request.embedId ?? null);
    return same ? (ahead.keys as Promise<CurrentKeys>) : undefined;
  }

  function lookAhead(payer: LlmPayer): LlmLookAhead {
    const keys = currentKeys(payer);
    // Awaited by the stream that follows; a caller that gives up first leaves no unhandled rejection.
    keys.catch(() => undefined);
    const ahead: LlmLookAhead = { payer: { ...payer }, keys };
    lookAheads.add(ahead);
    return ahead;
  }

  /** A sponsored learner's call fails with errors that name none of the owner's keys. */
  async function* stream(request: LlmRequest): AsyncGenerator<LlmChunk> {
    if (!request.embedId) {
      yield* streamFor(request);
      return;
    }
    try {
      yield* streamFor(request);
    } catch (err) {
      if (err instanceof ApiError)
        log.warn({ code: err.code, embedId: request.embedId }, "sponsored tutor call failed");
      throw forSponsoredLearner(err);
    }
  }

  async function* streamFor(request: LlmRequest): AsyncGenerator<LlmChunk> {
    if (request.signal.aborted) throw llmErrors.aborted();
    const { keys, embedBudget } = await (lookedAheadFor(request) ?? currentKeys(request));
    // Budget holds of this call: settled with its usage record, or given back when it ends without one.
    const holds = new Set<string>();
    try {
      const allowance = callAllowance(request.messages, request.maxOutputTokens);
      if (
        embedBudget !== null &&
        (await hold({ embed_id: request.embedId as string }, allowance, holds)) === false
      ) {
        throw llmErrors.budgetExceeded("embed");
      }
      yield* tryKeys(request, keys, allowance, holds);
    } finally {
      if (holds.size) {
        await releaseHolds(db, [...holds]).catch((err) =>
          log.error({ err }, "could not release budget holds"),
        );
      }
    }
  }

  /** The keys in turn until one answers; throws what went wrong with the last one tried. */
  async function* tryKeys(
    request: LlmRequest,
    keys: KeyCandidate[],
    allowance: number,
    holds: Set<string>,
  ): AsyncGenerator<LlmChunk> {
    const refused: string[] = [];
    let lastError: ApiError | undefined;
    let providerTrouble: string | undefined;
    let overBudget = 0;
    for (const key of keys) {
      const circuit = `${key.provider}:${key.id}`;
      const label = PROVIDER_LABELS[key.provider];
      let keyHold: string | false = "";
      if (key.monthly_token_budget !== null) {
        keyHold = await hold({ api_key_id: key.id }, allowance, holds);
        if (keyHold === false) {
          overBudget++;
          log.info({ provider: key.provider, keyId: key.id, status: "budget_exceeded" }, "llm key skipped");
          continue;
        }
      }
      /** This key's hold goes back when the key does not answer (the next one may). */
      const releaseKeyHold = async () => {
        if (!keyHold || !holds.delete(keyHold)) return;
        await releaseHolds(db, [keyHold]);
      };
      if (!(await circuits.allow(circuit))) {
        log.warn({ provider: key.provider, keyId: key.id, status: "circuit_open" }, "llm key skipped");
        providerTrouble = label;
        await releaseKeyHold();
        continue;
      }
      let opened: OpenedKey;
      try {
        opened = await openKey(key);
      } catch (err) {
        await circuits.released(circuit);
        await releaseKeyHold();
        if (err instanceof VaultError) {
          lastError = llmErrors.keyUnusable(
            `The stored secret of the key "${key.name}" cannot be read; delete the key and add it again.`,
          );
        } else if (err instanceof ApiError) lastError = err;
        else throw err;
        log.warn({ provider: key.provider, keyId: key.id, status: lastError.code }, "llm key skipped");
        continue;
      }
      const started = performance.now();
      const sink = { text: "" };
      let recorded = false;
      const record = async (usage: LlmUsage | undefined) => {
        if (recorded) return undefined;
        recorded = true;
        const counted = usage ?? {
          inputTokens: estimateTokens(request.messages.map((m) => m.content).join("\n")),
          outputTokens: estimateTokens(sink.text),
        };
        const settled = [...holds];
        holds.clear();
        await recordUsage(
          db,
          {
            userId: request.payerUserId,
            keyId: key.id,
            task: request.task,
            provider: key.provider,
            model: opened.model,
            inputTokens: counted.inputTokens,
            outputTokens: counted.outputTokens,
            embedId: request.embedId ?? null,
            estimated: usage === undefined,
            at: iso(clock.now()),
          },
          settled,
        );
        return counted;
      };
      const fields = (retries: number, status: string) => ({
        provider: key.provider,
        model: opened.model,
        keyId: key.id,
        status,
        retries,
        latencyMs: Math.round(performance.now() - started),
        ...(request.embedId ? { embedId: request.embedId } : {}),
      });
      try {
        for (let retries = 0; ; retries++) {
          const gen = attempt(opened, request, sink);
          let settled = false;
          try {
            let usage: LlmUsage | undefined;
            for (;;) {
              const step = await gen.next();
              if (step.done) {
                usage = step.value.usage;
                break;
              }
              yield { type: "text", text: step.value };
            }
            settled = true;
            await circuits.succeeded(circuit);
            const counted = (await record(usage)) ?? { inputTokens: 0, outputTokens: 0 };
            log.info({ ...fields(retries, "ok"), ...counted, estimated: usage === undefined }, "llm call");
            yield {
              type: "done",
              usage: counted,
              keyId: key.id,
              provider: key.provider,
              model: opened.model,
            };
            return;
          } catch (err) {
            settled = true;
            if (!(err instanceof AttemptFailed)) throw err;
            const failure = err.failure;
            const httpStatus = "status" in failure ? failure.status : undefined;
            log.warn({ ...fields(retries, failure.kind), httpStatus }, "llm call failed");
            if (failure.kind === "aborted") {
              await circuits.released(circuit);
              await record(undefined);
              throw llmErrors.aborted();
            }
            if (err.afterFirstToken) {
              if (retryable(failure)) await circuits.failed(circuit);
              else await circuits.released(circuit);
              await record(undefined);
              throw llmErrors.streamInterrupted(label, failure.kind === "timeout");
            }
            if (failure.kind === "invalid") {
              await circuits.released(circuit);
              openedKeys.forget(key.id);
              refused.push(key.name);
              break;
            }
            if (failure.kind === "redirected") {
              await circuits.released(circuit);
              lastError = llmErrors.keyUnusable(
                `${label} answered the key "${key.name}" with a redirect, which is not followed; check the key's base URL.`,
              );
              break;
            }
            if (failure.kind === "rejected") {
              await circuits.released(circuit);
              lastError = llmErrors.keyUnusable(
                `${label} did not accept a request made with the key "${key.name}" (HTTP ${failure.status}); check the key's model and endpoint.`,
              );
              break;
            }
            await circuits.failed(circuit);
            providerTrouble = label;
            if (retries >= retry.maxRetries || (await circuits.isOpen(circuit))) break;
            let delay = backoffDelay(retries, retry, random);
            if (failure.kind === "rate_limited" && failure.retryAfterMs !== undefined) {
              // Asked to wait longer than a learner should: let the next key answer.
              if (failure.retryAfterMs > retry.retryAfterCapMs) break;
              delay = Math.max(delay, failure.retryAfterMs);
            }
            try {
              await sleep(delay, request.signal);
            } catch {
              throw llmErrors.aborted();
            }
          } finally {
            if (!settled) {
              // The caller stopped reading mid-reply: the provider's request ends with the generator.
              await gen.return({ usage: undefined });
              await circuits.released(circuit);
              await record(undefined).catch((err) =>
                log.error({ err, keyId: key.id }, "could not record usage"),
              );
            }
          }
        }
      } finally {
        await releaseKeyHold();
      }
    }
    if (providerTrouble) throw llmErrors.providerUnavailable(providerTrouble);
    if (refused.length) throw llmErrors.keyInvalid(refused);
    if (!lastError && overBudget > 0) throw llmErrors.budgetExceeded("key");
    throw lastError ?? llmErrors.noKeyChosen();
  }

  return {
    stream,
    lookAhead,
    async complete(request) {
      let text = "";
      for await (const chunk of stream(request)) {
        if (chunk.type === "text") text += chunk.text;
        else
          return {
            text,
            usage: chunk.usage,
            keyId: chunk.keyId,
            provider: chunk.provider,
            model: chunk.model,
          };
      }
      throw new Error("the reply ended without a result");
    },
  };
}
