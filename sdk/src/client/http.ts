import type { z } from "zod";
import { ErrorBody } from "../schemas/errors.js";
import {
  type ApiError,
  apiErrorFor,
  ConnectionError,
  ResponseValidationError,
  TimeoutError,
  typeOfStatus,
} from "./errors.js";

/**
 * A query type as callers write it: fields the API coerces from text (`z.coerce.number()`, whose
 * input type is `unknown`) are numbers here.
 */
export type QueryParams<Q> = { [K in keyof Q]?: unknown extends Q[K] ? number : Q[K] };

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Options every method takes. */
export interface RequestOptions {
  /** Cancels the call (and any retry wait); the call rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's `timeoutMs` for this call (each attempt). */
  timeoutMs?: number | undefined;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number | undefined;
  /** Extra request headers. */
  headers?: Record<string, string> | undefined;
}

export interface ClientOptions {
  /** Where the API is: its origin (`http://localhost:8080`), or that with `/api/v1`. */
  baseUrl: string;
  /** A session or personal access token (`Authorization: Bearer`); leave out for sign-up and login. */
  token?: string | undefined;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch | undefined;
  /** How long one attempt may take before it fails with `TimeoutError` (ms; default 60 000). For event streams: until the stream opens. */
  timeoutMs?: number | undefined;
  /** How many times a failed call that is safe to repeat is retried (default 2). */
  maxRetries?: number | undefined;
  /** The retry backoff: first delay and cap (ms), jittered; default 500 and 8000. */
  backoff?: { initialDelayMs?: number; maxDelayMs?: number } | undefined;
  /** The longest `Retry-After` (seconds) the client waits out by itself; longer ones throw (default 60). */
  maxRetryAfterSeconds?: number | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
}

/** One API call as a resource describes it. */
export interface Call<T> {
  method: HttpMethod;
  /** Under `/api/v1`, e.g. `/problems/two-sum`. */
  path: string;
  query?: { [key: string]: string | number | boolean | undefined } | undefined;
  body?: unknown;
  /** The response's schema; none for a `204 No Content` answer. */
  schema?: z.ZodType<T> | undefined;
  headers?: Record<string, string> | undefined;
  /** Leave out `Authorization` (embed sessions authenticate with their publishable key). */
  anonymous?: boolean | undefined;
  /** Answer the body as text instead of validated JSON (e.g. a YAML export). */
  text?: boolean | undefined;
}

const API_PREFIX = "/api/v1";
const REPEATABLE = new Set<HttpMethod>(["GET", "HEAD", "PUT", "DELETE"]);
const RETRY_STATUSES = new Set([408, 429, 502, 503, 504]);

/**
 * Whether sending the request twice does no more than sending it once: reads, PUT and DELETE,
 * and a POST that carries an idempotency key (the API answers a repeat with the first result).
 */
export const isRepeatable = (method: HttpMethod, headers: Record<string, string>): boolean =>
  REPEATABLE.has(method) ||
  (method === "POST" && Object.keys(headers).some((h) => h.toLowerCase() === "idempotency-key"));

/** A fresh idempotency key: random, printable ASCII (works without a secure context, unlike `randomUUID`). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `cg_${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Seconds from `Retry-After` (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^[0-9]+(\.[0-9]+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** An attempt's own abort controller: the caller's signal, the timeout, and (for streams) stopping early. */
class AttemptControl {
  readonly controller = new AbortController();
  timedOut = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #signal: AbortSignal | undefined;
  #onAbort = () => this.controller.abort(this.#signal?.reason);

  constructor(signal: AbortSignal | undefined, timeoutMs: number) {
    this.#signal = signal;
    signal?.addEventListener("abort", this.#onAbort, { once: true });
    if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      this.#timer = setTimeout(() => {
        this.timedOut = true;
        this.controller.abort(new TimeoutError(`No answer within ${timeoutMs} ms.`));
      }, timeoutMs);
    }
  }

  /** The response has arrived (streams): the timeout no longer applies. */
  stopTimer(): void {
    clearTimeout(this.#timer);
  }

  /** The attempt is over: forget the caller's signal. */
  release(): void {
    this.stopTimer();
    this.#signal?.removeEventListener("abort", this.#onAbort);
  }

  /** What a failed fetch or body read means: the caller's abort, a timeout, or a connection failure. */
  failure(err: unknown, what: string): unknown {
    if (this.#signal?.aborted) return this.#signal.reason;
    if (this.timedOut) return this.controller.signal.reason;
    if (err instanceof ConnectionError) return err;
    const reason = err instanceof Error ? err.message : String(err);
    return new ConnectionError(`${what} failed: ${reason}`, { cause: err });
  }
}

/** An open event stream: its response, and how to stop it. */
export interface OpenStream {
  response: Response;
  requestId: string | undefined;
  /** Ends the HTTP request (the body stops). */
  close(): void;
}

/** The one request path: URL, headers, timeout, retries with backoff, error mapping, validation. */
export class HttpClient {
  readonly origin: string;
  readonly token: string | undefined;
  readonly options: ClientOptions;
  readonly #fetch: typeof fetch;

  constructor(options: ClientOptions) {
    if (!options.baseUrl) throw new TypeError("Codeground: baseUrl is required, e.g. http://localhost:8080");
    const url = new URL(options.baseUrl);
    const path = url.pathname.replace(/\/+$/, "");
    this.origin = `${url.origin}${path.endsWith(API_PREFIX) ? path.slice(0, -API_PREFIX.length) : path}`;
    this.token = options.token;
    this.options = options;
    // Bound, so a browser's fetch is not called with the client as `this`.
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** Sends a call and returns its parsed, validated answer (undefined for 204). */
  async request<T>(call: Call<T>, options: RequestOptions = {}): Promise<T> {
    const { response, text } = await this.#withRetries(call, options, async (control, response) => {
      // The body is read inside the attempt, so the timeout covers it and a cut connection is retried.
      const text = await response.text().catch((err) => {
        throw control.failure(err, `Reading the answer to ${call.method} ${call.path}`);
      });
      return { response, text };
    });
    return this.#parse(call, response, text);
  }

  /** Opens an event stream: errors before the stream starts throw as for `request`. */
  async stream(call: Call<unknown>, options: RequestOptions = {}): Promise<OpenStream> {
    return this.#withRetries(
      call,
      options,
      async (control, response) => {
        control.stopTimer();
        if (!response.body) {
          control.release();
          throw new ResponseValidationError(`${call.method} ${call.path} answered without a body.`, {
            status: response.status,
            requestId: response.headers.get("X-Request-Id") ?? undefined,
          });
        }
        return {
          response,
          requestId: response.headers.get("X-Request-Id") ?? undefined,
          close: () => {
            control.release();
            control.controller.abort(new DOMException("The stream was closed.", "AbortError"));
          },
        };
      },
      true,
    );
  }

  async #withRetries<R>(
    call: Call<unknown>,
    options: RequestOptions,
    onOk: (control: AttemptControl, response: Response) => Promise<R>,
    keepOpen = false,
  ): Promise<R> {
    const headers = this.#headers(call, options);
    const repeatable = isRepeatable(call.method, headers);
    const maxRetries = options.maxRetries ?? this.options.maxRetries ?? 2;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 60_000;
    const url = this.#url(call);
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw options.signal.reason;
      const control = new AttemptControl(options.signal, timeoutMs);
      let keep = false;
      try {
        let response: Response;
        try {
          response = await this.#fetch(url, {
            method: call.method,
            headers,
            ...(body !== undefined ? { body } : {}),
            signal: control.controller.signal,
            redirect: "follow",
          });
        } catch (err) {
          throw control.failure(err, `${call.method} ${call.path}`);
        }
        if (response.ok) {
          const result = await onOk(control, response);
          keep = keepOpen;
          return result;
        }
        const text = await response.text().catch(() => "");
        const error = errorFromResponse(response, text);
        const wait = repeatable && attempt < maxRetries ? this.#retryDelay(error, attempt) : undefined;
        if (wait === undefined) throw error;
        await sleep(wait, options.signal);
      } catch (err) {
        // No answer, or an answer cut short: a repeatable call is tried again after a backoff.
        if (err instanceof ConnectionError && repeatable && attempt < maxRetries && !keep) {
          control.release();
          await sleep(this.#backoff(attempt), options.signal);
          continue;
        }
        throw err;
      } finally {
        if (!keep) control.release();
      }
    }
  }

  /** How long to wait before retrying after an error response, or undefined to give up. */
  #retryDelay(error: ApiError, attempt: number): number | undefined {
    if (!RETRY_STATUSES.has(error.status)) return undefined;
    const retryAfter = parseRetryAfter(error.headers?.get("Retry-After") ?? null);
    if (retryAfter !== undefined) {
      if (retryAfter > (this.options.maxRetryAfterSeconds ?? 60)) return undefined;
      return retryAfter * 1000;
    }
    return this.#backoff(attempt);
  }

  /** Exponential backoff with jitter: between half and all of initial × 2^attempt, capped. */
  #backoff(attempt: number): number {
    const initial = this.options.backoff?.initialDelayMs ?? 500;
    const cap = this.options.backoff?.maxDelayMs ?? 8000;
    const ceiling = Math.min(cap, initial * 2 ** attempt);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  #url(call: Call<unknown>): string {
    const url = new URL(`${this.origin}${API_PREFIX}${call.path}`);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  #headers(call: Call<unknown>, options: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = {
      Accept: "application/json",
      ...this.options.headers,
      ...call.headers,
      ...options.headers,
    };
    if (call.body !== undefined) headers["Content-Type"] = "application/json";
    if (this.token && !call.anonymous) headers.Authorization = `Bearer ${this.token}`;
    return headers;
  }

  #parse<T>(call: Call<T>, response: Response, text: string): T {
    const requestId = response.headers.get("X-Request-Id") ?? undefined;
    const where = `${call.method} ${call.path}`;
    if (call.text) return text as T;
    if (!call.schema) return undefined as T;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new ResponseValidationError(
        `${where} answered ${response.status} with a body that is not JSON${requestId ? ` (request id ${requestId})` : ""}.`,
        { status: response.status, requestId, cause: err },
      );
    }
    return validate(call.schema, json, { where, status: response.status, requestId });
  }
}

/** Checks an answer against its schema; a mismatch is a `ResponseValidationError` naming the fields. */
export function validate<T>(
  schema: z.ZodType<T>,
  value: unknown,
  context: { where: string; status: number; requestId: string | undefined },
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path, message: i.message }));
  const summary = issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`)
    .join("; ");
  throw new ResponseValidationError(
    `${context.where} answered something this client does not understand (${summary})` +
      `${context.requestId ? `; request id ${context.requestId}` : ""}. Is the client the same version as the API?`,
    { status: context.status, requestId: context.requestId, issues, cause: result.error },
  );
}

/** The typed error for a non-2xx response: from the API's error body, or from the status alone. */
export function errorFromResponse(response: Response, text: string): ApiError {
  const headerId = response.headers.get("X-Request-Id") ?? undefined;
  let parsed: ReturnType<typeof ErrorBody.safeParse> | undefined;
  try {
    parsed = ErrorBody.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  const retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
  if (parsed?.success) {
    const { type, code, message, details, requestId } = parsed.data.error;
    const fromDetails = (details as { retryAfter?: unknown } | undefined)?.retryAfter;
    return apiErrorFor({
      status: response.status,
      type,
      code,
      message,
      details,
      requestId: requestId || headerId,
      headers: response.headers,
      retryAfter: retryAfter ?? (typeof fromDetails === "number" ? fromDetails : undefined),
    });
  }
  const snippet = text.trim().slice(0, 200);
  return apiErrorFor({
    status: response.status,
    type: typeOfStatus(response.status),
    code: `http_${response.status}`,
    message: `HTTP ${response.status} ${response.statusText}`.trim() + (snippet ? `: ${snippet}` : ""),
    requestId: headerId,
    headers: response.headers,
    retryAfter,
  });
}
