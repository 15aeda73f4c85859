import {
  Assignment,
  AssignmentAttempt,
  type CreateAssignmentRequest,
  LearnerAssignment,
  LearnerAssignmentList,
  type UpdateAssignmentRequest,
} from "../../schemas/assignments.js";
import { type HttpClient, newIdempotencyKey, type RequestOptions } from "../http.js";

const assignmentPath = (id: string) => `/assignments/${encodeURIComponent(id)}`;

/**
 * Assignments: `cg.assignments.create(courseId, { title, problems })`, `.list(courseId)`, and a
 * learner's timed attempt with `.start(id)` and `.attempt(id)`. Submit in an assignment with
 * `cg.submissions.create(slug, { language, code, assignmentId })`.
 */
export class AssignmentsResource {
  constructor(private readonly http: HttpClient) {}

  /** A new assignment in a course (owner and instructors). Not retried: a retry would make a second one. */
  create(courseId: string, input: CreateAssignmentRequest, options?: RequestOptions): Promise<Assignment> {
    return this.http.request(
      {
        method: "POST",
        path: `/courses/${encodeURIComponent(courseId)}/assignments`,
        body: input,
        schema: Assignment,
      },
      options,
    );
  }

  /** The course's assignments in order, each with where you stand; learners see those that have opened. */
  list(courseId: string, options?: RequestOptions): Promise<LearnerAssignment[]> {
    return this.http.request(
      {
        method: "GET",
        path: `/courses/${encodeURIComponent(courseId)}/assignments`,
        schema: LearnerAssignmentList,
      },
      options,
    );
  }

  /** One assignment, with your attempt, the time left and whether a submission now is late. */
  get(id: string, options?: RequestOptions): Promise<LearnerAssignment> {
    return this.http.request({ method: "GET", path: assignmentPath(id), schema: LearnerAssignment }, options);
  }

  /** Changes the fields given; null clears a time, the late policy or the time limit. */
  update(id: string, input: UpdateAssignmentRequest, options?: RequestOptions): Promise<Assignment> {
    return this.http.request(
      { method: "PATCH", path: assignmentPath(id), body: input, schema: Assignment },
      options,
    );
  }

  /** Deletes the assignment and its attempts; its submissions stay, without it. */
  delete(id: string, options?: RequestOptions): Promise<void> {
    return this.http.request({ method: "DELETE", path: assignmentPath(id) }, options);
  }

  /**
   * Starts your timed attempt, or answers the one you started before: its clock starts once, so
   * the call is safe to repeat (and retried like one).
   */
  start(id: string, options?: RequestOptions): Promise<AssignmentAttempt> {
    return this.http.request(
      {
        method: "POST",
        path: `${assignmentPath(id)}/attempts`,
        // Starting twice answers the same attempt: marked repeatable, so a lost answer is retried.
        headers: { "Idempotency-Key": newIdempotencyKey() },
        schema: AssignmentAttempt,
      },
      options,
    );
  }

  /** Your timed attempt with the time left; `NotFoundError` before you start one. */
  attempt(id: string, options?: RequestOptions): Promise<AssignmentAttempt> {
    return this.http.request(
      { method: "GET", path: `${assignmentPath(id)}/attempt`, schema: AssignmentAttempt },
      options,
    );
  }
}
