import { type Submission, SubmissionQuery, SubmitRequest, type TestOutcome } from "@codeground/sdk";
import type Router from "@koa/router";
import type { Progress, Submissions } from "../../services/judging/submissions.js";
import { codeActorOf } from "../actor.js";
import { fail } from "../errors.js";
import { newRouter } from "../router.js";
import { openEventStream } from "../sse.js";
import { body, parse } from "../validate.js";

/** Printable ASCII, as Stripe and the IETF draft allow for an idempotency key. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,100}$/;

/** How often an event stream re-reads a submission another instance may be judging. */
const STORED_STATE_POLL_MS = 2000;

/** Judged submissions: make one, follow it, read it, list your own, retry a failed judging. */
export function submissionRoutes({ submissions }: { submissions: Submissions }): Router {
  const router = newRouter();

  router.post("/problems/:slug/submissions", async (ctx) => {
    const actor = codeActorOf(ctx, "write");
    const request = body(ctx, SubmitRequest);
    const key = ctx.get("Idempotency-Key") || undefined;
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw fail.validation(
        "invalid_idempotency_key",
        "Idempotency-Key must be 1 to 100 printable ASCII characters without spaces.",
      );
    }
    const { submission, created } = await submissions.submit(actor, ctx.params.slug ?? "", request, key);
    ctx.status = created ? 202 : 200;
    ctx.set("Location", `/api/v1/submissions/${submission.id}`);
    ctx.body = submission;
  });

  router.get("/submissions", async (ctx) => {
    const actor = codeActorOf(ctx);
    ctx.body = await submissions.list(actor, parse(SubmissionQuery, ctx.query));
  });

  router.get("/submissions/:id", async (ctx) => {
    ctx.body = await submissions.get(codeActorOf(ctx), ctx.params.id ?? "");
  });

  router.post("/submissions/:id/retry", async (ctx) => {
    const submission = await submissions.retry(codeActorOf(ctx, "write"), ctx.params.id ?? "");
    ctx.status = 202;
    ctx.body = submission;
  });

  /**
   * Server-Sent Events: `state`, a `test` per finished test, then `done` with the submission,
   * and the stream ends. A submission already done answers `done` at once.
   */
  router.get("/submissions/:id/events", async (ctx) => {
    const actor = codeActorOf(ctx);
    const id = ctx.params.id ?? "";
    // Listen before reading, so no progress falls between the read and the subscription.
    const early: Progress[] = [];
    let handle: ((event: Progress) => void) | undefined;
    const unsubscribe = submissions.watch(id, (event) => (handle ? handle(event) : early.push(event)));
    const current = await submissions.current(actor, id).catch((err) => {
      unsubscribe();
      throw err;
    });
    if (!current) {
      unsubscribe();
      throw fail.notFound("submission_not_found", "No such submission.");
    }

    const stream = openEventStream(ctx);
    const sent = new Set<number>();
    let finished = false;
    const sendTest = (test: TestOutcome) => {
      if (sent.has(test.index)) return;
      sent.add(test.index);
      stream.send("test", test);
    };
    const sendDone = (submission: Submission) => {
      if (finished) return;
      finished = true;
      for (const test of submission.tests) sendTest(test);
      stream.send("done", submission);
      stream.close();
    };
    handle = (event) => {
      if (finished) return;
      if (event.type === "state") stream.send("state", event.data);
      else if (event.type === "test") sendTest(event.data);
      else sendDone(event.data);
    };

    stream.send("state", {
      id,
      state: current.state,
      ...(current.waitingForJudge ? { waitingForJudge: true } : {}),
    });
    if (current.state === "done") sendDone(current);
    else for (const test of current.tests) sendTest(test);
    for (const event of early) handle(event);

    const poll = setInterval(() => {
      submissions
        .stateOf(id)
        .then(async (state) => {
          if (state !== "done" || finished) return;
          const stored = await submissions.current(actor, id);
          if (stored) sendDone(stored);
        })
        .catch(() => undefined);
    }, STORED_STATE_POLL_MS);
    poll.unref();
    void stream.closed.then(() => {
      clearInterval(poll);
      unsubscribe();
    });
  });

  return router;
}
