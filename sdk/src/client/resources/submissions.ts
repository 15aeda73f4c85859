import { SubmissionFeedback } from "../../schemas/chat.js";
import {
  Submission,
  SubmissionPage,
  type SubmissionQuery,
  SubmissionStateEvent,
  type SubmissionSummary,
  type SubmitRequest,
  TestOutcome,
} from "../../schemas/submissions.js";
import { ConnectionError } from "../errors.js";
import {
  type HttpClient,
  newIdempotencyKey,
  type QueryParams,
  type RequestOptions,
  validate,
} from "../http.js";
import { everyItem } from "../pages.js";
import { serverSentEvents } from "../streams.js";

/** What `submissions.events(id)` yields: the state, each finished test, then the judged submission. */
export type SubmissionEvent =
  | { type: "state"; data: SubmissionStateEvent }
  | { type: "test"; data: TestOutcome }
  | { type: "done"; data: Submission };

const submissionPath = (id: string) => `/submissions/${encodeURIComponent(id)}`;
const SCHEMAS = { state: SubmissionStateEvent, test: TestOutcome, done: Submission } as const;

/** Judged submissions: every test of a problem, hidden ones included, judged in the background. */
export class SubmissionsResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Queues a submission (the answer is `queued`; follow it with `wait` or `events`). Every call
   * carries an idempotency key, generated unless given, so a retry after a lost answer never
   * submits twice: the API answers a repeat with the first submission.
   */
  create(
    slug: string,
    input: SubmitRequest,
    options: RequestOptions & { idempotencyKey?: string } = {},
  ): Promise<Submission> {
    return this.http.request(
      {
        method: "POST",
        path: `/problems/${encodeURIComponent(slug)}/submissions`,
        body: input,
        headers: { "Idempotency-Key": options.idempotencyKey ?? newIdempotencyKey() },
        schema: Submission,
      },
      options,
    );
  }

  get(id: string, options?: RequestOptions): Promise<Submission> {
    return this.http.request({ method: "GET", path: submissionPath(id), schema: Submission }, options);
  }

  /** Your own submissions, newest first; one page (or use `iterate`). */
  list(query: QueryParams<SubmissionQuery> = {}, options?: RequestOptions): Promise<SubmissionPage> {
    return this.http.request({ method: "GET", path: "/submissions", query, schema: SubmissionPage }, options);
  }

  async *iterate(
    query: Omit<QueryParams<SubmissionQuery>, "cursor"> = {},
    options?: RequestOptions,
  ): AsyncGenerator<SubmissionSummary, void, undefined> {
    yield* everyItem((cursor) => this.list({ ...query, ...(cursor ? { cursor } : {}) }, options));
  }

  /** Judges again a submission whose judging failed (`internal_error`). */
  retry(id: string, options?: RequestOptions): Promise<Submission> {
    return this.http.request(
      { method: "POST", path: `${submissionPath(id)}/retry`, schema: Submission },
      options,
    );
  }

  /** AI feedback on your judged submission, paid with your feedback key. */
  feedback(id: string, options?: RequestOptions): Promise<SubmissionFeedback> {
    return this.http.request(
      { method: "POST", path: `${submissionPath(id)}/feedback`, schema: SubmissionFeedback },
      options,
    );
  }

  /**
   * Follows judging live (`GET /submissions/:id/events`): `state`, one `test` per finished test,
   * then `done` with the submission, and the iteration ends. A dropped stream is reopened (up to
   * `maxRetries` times) without repeating tests already yielded.
   */
  async *events(id: string, options: RequestOptions = {}): AsyncGenerator<SubmissionEvent, void, undefined> {
    const call = { method: "GET" as const, path: `${submissionPath(id)}/events` };
    const seenTests = new Set<number>();
    let lastState: string | undefined;
    const reconnects = options.maxRetries ?? this.http.options.maxRetries ?? 2;
    for (let connection = 0; ; connection++) {
      try {
        for await (const message of serverSentEvents(this.http, call, options)) {
          if (!Object.hasOwn(SCHEMAS, message.event)) continue; // newer event kinds: ignored
          const type = message.event as keyof typeof SCHEMAS;
          const context = {
            where: `${call.method} ${call.path} (${type})`,
            status: 200,
            requestId: message.requestId,
          };
          let json: unknown;
          try {
            json = JSON.parse(message.data);
          } catch {
            json = message.data;
          }
          if (type === "state") {
            const data = validate(SCHEMAS.state, json, context);
            if (data.state === lastState) continue;
            lastState = data.state;
            yield { type, data };
          } else if (type === "test") {
            const data = validate(SCHEMAS.test, json, context);
            if (seenTests.has(data.index)) continue;
            seenTests.add(data.index);
            yield { type, data };
          } else {
            yield { type, data: validate(SCHEMAS.done, json, context) };
            return;
          }
        }
      } catch (err) {
        if (!(err instanceof ConnectionError) || connection >= reconnects) throw err;
        continue;
      }
      // The stream ended without `done` (a proxy or a restart cut it): open it again.
      if (connection >= reconnects) {
        throw new ConnectionError(`The event stream of submission ${id} ended before judging finished.`);
      }
    }
  }

  /** Resolves with the submission once judged (`state: "done"`), following its event stream. */
  async wait(id: string, options: RequestOptions = {}): Promise<Submission> {
    for await (const event of this.events(id, options)) {
      if (event.type === "done") return event.data;
    }
    // `events` ends only after `done` or by throwing; kept for the type checker.
    return this.get(id, options);
  }
}
