import * as sdk from "@codeground/sdk";
import { z } from "zod";
import type { RouteDoc } from "./openapi.js";

const API = "/api/v1";

/** A course's gradebook, for its staff (owner, instructors, TAs). */
export const gradebookRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: `${API}/courses/:id/gradebook`,
    tag: "courses",
    summary: "The gradebook: learners × assignment problems, scores after late penalties (staff)",
    description:
      "Learners are the course's portal learners (`user:<id>`) and its embeds' learners (their ref, `sub:…` or " +
      "`anon:…`). A cell sums up the learner's judged submissions to one problem of one assignment: the best " +
      "verdict, the points of the first accepted one after the late penalty, the attempts, when it was first " +
      "solved and whether late. Cells nobody attempted are left out. `assignment` narrows it to one assignment, " +
      "`q` to learners whose name or id contains it.",
    auth: "read",
    query: sdk.GradebookQuery,
    response: sdk.Gradebook,
  },
  {
    method: "get",
    path: `${API}/courses/:id/gradebook.csv`,
    tag: "courses",
    summary:
      "The gradebook as CSV: one row per learner, one column per assignment problem, and the total (staff)",
    description:
      "Fields a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`) are prefixed with `'`.",
    auth: "read",
    response: z.string(),
    responseType: "text/csv",
  },
  {
    method: "get",
    path: `${API}/courses/:id/gradebook/events`,
    tag: "courses",
    summary: "The gradebook's changes as Server-Sent Events (staff)",
    description:
      "`event: ready` once, then `event: cell` with a GradebookCell each time a judged submission changes one. " +
      "Changes judged on this API instance; a user or learner holds at most 5 event streams open (429).",
    auth: "read",
    response: z.string(),
    responseType: "text/event-stream",
    errors: [429],
  },
  {
    method: "get",
    path: `${API}/courses/:id/gradebook/statistics`,
    tag: "courses",
    summary:
      "Per assignment problem: who tried, who solved, median attempts, the hidden test failed most (staff)",
    auth: "read",
    response: sdk.GradebookStatistics,
  },
  {
    method: "get",
    path: `${API}/courses/:id/learners/:learnerId/submissions`,
    tag: "courses",
    summary:
      "A learner's submissions in the course's assignments, with the code and every test's verdict (staff)",
    description: "Newest first, at most 200. Hidden tests show their verdict, never their input or output.",
    auth: "read",
    response: sdk.LearnerSubmissionList,
  },
];
