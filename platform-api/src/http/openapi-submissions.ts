import * as sdk from "@codeground/sdk";
import { z } from "zod";
import type { RouteDoc } from "./openapi.js";

const API = "/api/v1";

const learners =
  "A signed-in user, or a learner inside an embed (learner token); either sees only their own submissions.";

const embedRuns =
  "An embed learner also counts against the embed's `runsPerHour`, shared by all its learners (429 " +
  "`embed_run_limit`); an embed without the `problem` feature runs no code (403 `problem_not_enabled`).";

/** One user or learner holds at most this many event streams open at once. */
export const streamCap =
  "A user or learner holds at most 5 event streams (submission events and tutor replies together) open at " +
  "once; one more is a 429 `too_many_streams`.";

/** Runs, judged submissions and free-form executions. */
export const submissionRouteDocs: RouteDoc[] = [
  {
    method: "post",
    path: `${API}/problems/:slug/run`,
    tag: "submissions",
    summary: "Run code against the problem's sample tests and wait for the result",
    description: `${learners} Shows each sample test's input, expected and actual output. Counts against the execution rate limit. ${embedRuns}`,
    auth: "write",
    request: sdk.SubmitRequest,
    response: sdk.RunResult,
    errors: [429, 503],
  },
  {
    method: "post",
    path: `${API}/problems/:slug/submissions`,
    tag: "submissions",
    summary: "Submit code to be judged against every test; answers at once with the queued submission",
    description:
      `${learners} Follow it with \`GET /submissions/{id}/events\` or poll \`GET /submissions/{id}\`. ` +
      "With an `Idempotency-Key` header, a repeat with the same key answers the first submission (200). " +
      "An embed learner also counts against the embed's `submissionsPerHour`, shared by all its learners " +
      "(429 `embed_submission_limit`); an embed without the `problem` feature runs no code (403 `problem_not_enabled`). " +
      "With `assignmentId` (or the learner session's assignment, when it holds the problem) the submission counts " +
      "for that assignment; a learner's is refused with 403 `assignment_not_open`, `assignment_closed`, " +
      "`attempt_not_started` or `attempt_over` outside the assignment's times or their timed attempt, and 400 " +
      "`problem_not_in_assignment` for a problem it does not hold.",
    auth: "write",
    request: sdk.SubmitRequest,
    response: sdk.Submission,
    status: 202,
    otherResponses: {
      200: { description: "The submission made earlier with this Idempotency-Key.", schema: sdk.Submission },
    },
    errors: [429],
  },
  {
    method: "get",
    path: `${API}/submissions`,
    tag: "submissions",
    summary: "Your submissions, newest first, a page at a time",
    auth: "read",
    query: sdk.SubmissionQuery,
    response: sdk.SubmissionPage,
  },
  {
    method: "get",
    path: `${API}/submissions/:id`,
    tag: "submissions",
    summary: "One of your submissions with per-test results (hidden tests without their data)",
    auth: "read",
    response: sdk.Submission,
  },
  {
    method: "get",
    path: `${API}/submissions/:id/events`,
    tag: "submissions",
    summary: "Follow a submission as Server-Sent Events until it is judged",
    description:
      "`event: state` (`{ id, state }`), one `event: test` per finished test (a TestOutcome), then `event: done` " +
      "with the Submission, and the stream ends. A submission already judged answers `done` at once. " +
      "Comment lines keep the connection alive. " +
      streamCap,
    auth: "read",
    response: z.string(),
    responseType: "text/event-stream",
    errors: [429],
  },
  {
    method: "post",
    path: `${API}/submissions/:id/retry`,
    tag: "submissions",
    summary: "Judge again a submission whose judging failed (verdict internal_error)",
    auth: "write",
    response: sdk.Submission,
    status: 202,
    errors: [409, 429],
  },
  {
    method: "post",
    path: `${API}/executions`,
    tag: "submissions",
    summary: "Run a program once, with optional stdin, and wait for its output",
    description: embedRuns,
    auth: "write",
    request: sdk.ExecutionRequest,
    response: sdk.ExecutionResult,
    errors: [429, 503],
  },
];
