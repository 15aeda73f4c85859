import type {
  ApiKey,
  AssignmentAttempt,
  ChatDoneEvent,
  Conversation,
  CreateKeyRequest,
  EmbedSession,
  LearnerAssignment,
  Preferences,
  ProblemView,
  RunResult,
  Submission,
  SubmitRequest,
  TestOutcome,
  UpdateKeyRequest,
  UpdatePreferencesRequest,
  User,
  VerifyKeyResponse,
} from "@codeground/sdk";
import { readEventStream } from "./sse.js";

/** An error the API answered with (`{ error: { code, message, requestId } }`), or a network failure. */
export class WidgetApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    /** Which fields a validation error is about, with the API's words for each. */
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = "WidgetApiError";
  }
}

/** What an API error carries, whichever client made it (this one, or the portal's). */
interface ApiErrorLike extends Error {
  status: number;
  requestId?: string | undefined;
  details: { path: string; message: string }[];
}
const isApiError = (err: unknown): err is ApiErrorLike =>
  err instanceof Error &&
  typeof (err as Partial<ApiErrorLike>).status === "number" &&
  Array.isArray((err as Partial<ApiErrorLike>).details);

/** The API's message with the fields it names and the request id support would ask for. */
export function describeError(err: unknown): string {
  if (isApiError(err)) {
    const details = err.details.map((d) => `${d.path}: ${d.message}`).join("; ");
    const retry = err.status === 429 ? " Wait a moment and try again." : "";
    return `${err.message}${details ? ` (${details})` : ""}${retry}${err.requestId ? ` [request ${err.requestId}]` : ""}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** What a submission's event stream tells, in order: state changes, each finished test, the end. */
export type SubmissionEvent =
  | { type: "state"; state: Submission["state"]; waitingForJudge?: boolean }
  | { type: "test"; test: TestOutcome }
  | { type: "done"; submission: Submission };

export type ChatEvent = { type: "token"; text: string } | { type: "done"; done: ChatDoneEvent };

export interface LearnerClientOptions {
  /** The platform origin; "" inside the frame, which lives there. */
  baseUrl?: string;
  /** The embed's publishable key (`pk_…`): the client starts a learner session with it. */
  embedKey?: string;
  /** A learner token the host site signed, naming the learner. */
  learnerToken?: string;
  /** An assignment of the embed's course the learner session works on (submissions default to it). */
  assignment?: string;
  /** A bearer token to use as is (trusted pages), instead of a learner session. */
  token?: string;
  /**
   * The page's own cookie session (the portal, served from the platform origin): no token and no
   * learner session; the browser sends the HttpOnly cookie and the `Origin` the API checks.
   */
  cookieSession?: boolean;
  /** Where the anonymous learner id is kept between visits; none: a new learner each time. */
  storage?: Pick<Storage, "getItem" | "setItem"> | null;
}

const ANON_KEY = "cg:anonymous-id";

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

async function errorOf(response: Response): Promise<WidgetApiError> {
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string; requestId?: string; details?: unknown } }
    | undefined;
  const error = body?.error;
  const details = Array.isArray(error?.details)
    ? error.details.filter(
        (d): d is { path: string; message: string } =>
          typeof d?.path === "string" && typeof d?.message === "string",
      )
    : [];
  return new WidgetApiError(
    response.status,
    error?.code ?? "http_error",
    error?.message ?? `The Codeground service answered ${response.status}.`,
    error?.requestId ?? response.headers.get("X-Request-Id") ?? undefined,
    details,
  );
}

/**
 * The learner's side of the API: a session from the embed's key, then problems, runs, submissions
 * and the tutor with its bearer token. A token that runs out is replaced once, transparently.
 */
export function createLearnerClient(options: LearnerClientOptions) {
  const base = `${options.baseUrl ?? ""}/api/v1`;
  const storage = options.storage ?? null;
  let session: Promise<string> | undefined;

  const readStorage = (key: string) => {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  };

  async function startSession(): Promise<string> {
    if (options.token) return options.token;
    if (options.cookieSession) return "";
    if (!options.embedKey) throw new WidgetApiError(0, "no_embed_key", "Set the embed attribute (pk_…).");
    const stored = readStorage(ANON_KEY);
    const anonymousId = stored && /^[A-Za-z0-9_-]{16,64}$/.test(stored) ? stored : randomId();
    const body = {
      ...(options.learnerToken ? { learnerToken: options.learnerToken } : { anonymousId }),
      ...(options.assignment ? { assignment: options.assignment } : {}),
    };
    const response = await fetch(`${base}/embed/sessions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Embed-Key": options.embedKey },
      body: JSON.stringify(body),
    }).catch(() => {
      throw new WidgetApiError(0, "network_error", "Codeground cannot be reached; check your connection.");
    });
    if (!response.ok) throw await errorOf(response);
    const created = (await response.json()) as EmbedSession;
    if (created.learner.anonymousId) {
      try {
        storage?.setItem(ANON_KEY, created.learner.anonymousId);
      } catch {
        // Storage refused (private mode): the learner is anonymous per page view.
      }
    }
    return created.token;
  }

  const token = () => {
    session ??= startSession().catch((err) => {
      session = undefined;
      throw err;
    });
    return session;
  };

  async function send(method: string, path: string, body?: unknown, init: RequestInit = {}) {
    for (let attempt = 0; ; attempt++) {
      const bearer = await token();
      const headers: Record<string, string> = {
        ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
        ...(init.headers as Record<string, string> | undefined),
      };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      const response = await fetch(`${base}${path}`, {
        ...init,
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }).catch(() => {
        throw new WidgetApiError(0, "network_error", "Codeground cannot be reached; check your connection.");
      });
      if (response.status === 401 && attempt === 0 && !options.token && !options.cookieSession) {
        session = undefined;
        continue;
      }
      if (!response.ok) throw await errorOf(response);
      return response;
    }
  }

  const json = async <T>(method: string, path: string, body?: unknown, init?: RequestInit) => {
    const response = await send(method, path, body, init);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  const keyPath = (id: string) => `/keys/${encodeURIComponent(id)}`;
  const slugPath = (slug: string) => `/problems/${encodeURIComponent(slug)}`;
  const assignmentPath = (id: string) => `/assignments/${encodeURIComponent(id)}`;

  return {
    /**
     * The signed-in user's key vault (a bearer token with the `keys` scope, or the portal's
     * cookie session); learner sessions have none.
     */
    keys: {
      /** Whose vault this is (`GET /me`, which a `keys` token may read). */
      me: () => json<User>("GET", "/me"),
      list: () => json<ApiKey[]>("GET", "/keys"),
      create: (input: CreateKeyRequest) => json<ApiKey>("POST", "/keys", input),
      update: (id: string, input: UpdateKeyRequest) => json<ApiKey>("PATCH", keyPath(id), input),
      remove: (id: string) => json<void>("DELETE", keyPath(id)),
      verify: (id: string) => json<VerifyKeyResponse>("POST", `${keyPath(id)}/verify`),
      preferences: () => json<Preferences>("GET", "/me/preferences"),
      setPreferences: (input: UpdatePreferencesRequest) => json<Preferences>("PUT", "/me/preferences", input),
      /** Revokes the access token this client holds (an embed's key grant ends itself). */
      revokeToken: (id: string) => json<void>("DELETE", `/me/tokens/${encodeURIComponent(id)}`),
    },
    /** Starts (or reuses) the learner session; rejects with the API's refusal. */
    async connect(): Promise<void> {
      await token();
    },
    problem: (slug: string) => json<ProblemView>("GET", slugPath(slug)),
    run: (slug: string, request: SubmitRequest) => json<RunResult>("POST", `${slugPath(slug)}/run`, request),
    submit: (slug: string, request: SubmitRequest) =>
      json<Submission>("POST", `${slugPath(slug)}/submissions`, request, {
        headers: { "Idempotency-Key": randomId() },
      }),
    /** The assignment as this learner sees it: its times, their attempt, the time left, late or not. */
    assignment: (id: string) => json<LearnerAssignment>("GET", assignmentPath(id)),
    /** Starts this learner's timed attempt (or answers the one already started). */
    startAttempt: (id: string) => json<AssignmentAttempt>("POST", `${assignmentPath(id)}/attempts`),
    submission: (id: string) => json<Submission>("GET", `/submissions/${encodeURIComponent(id)}`),
    /** Follows a submission until it is judged. */
    async *events(id: string, signal?: AbortSignal): AsyncGenerator<SubmissionEvent> {
      const response = await send("GET", `/submissions/${encodeURIComponent(id)}/events`, undefined, {
        ...(signal ? { signal } : {}),
        headers: { Accept: "text/event-stream" },
      });
      if (!response.body) return;
      for await (const { event, data } of readEventStream(response.body)) {
        const parsed = JSON.parse(data);
        if (event === "state") {
          yield {
            type: "state",
            state: parsed.state,
            ...(parsed.waitingForJudge ? { waitingForJudge: true } : {}),
          };
        } else if (event === "test") yield { type: "test", test: parsed };
        else if (event === "done") {
          yield { type: "done", submission: parsed };
          return;
        }
      }
    },
    createConversation: (problemSlug?: string) =>
      json<Conversation>("POST", "/chat/conversations", problemSlug ? { problemSlug } : {}),
    /** Sends a message to the tutor; the reply streams back as text pieces, then `done`. */
    async *ask(
      conversationId: string,
      message: { content: string; code?: string; language?: string; assignmentId?: string; locale?: string },
      signal?: AbortSignal,
    ): AsyncGenerator<ChatEvent> {
      const response = await send(
        "POST",
        `/chat/conversations/${encodeURIComponent(conversationId)}/messages`,
        message,
        { ...(signal ? { signal } : {}), headers: { Accept: "text/event-stream" } },
      );
      if (!response.body) return;
      for await (const { event, data } of readEventStream(response.body)) {
        const parsed = JSON.parse(data);
        if (event === "token") yield { type: "token", text: parsed.text };
        else if (event === "done") yield { type: "done", done: parsed };
        else if (event === "error") {
          throw new WidgetApiError(
            500,
            parsed.error?.code ?? "chat_failed",
            parsed.error?.message ?? "The tutor could not answer.",
          );
        }
      }
    },
  };
}

export type LearnerClient = ReturnType<typeof createLearnerClient>;
