import {
  Gradebook,
  GradebookCell,
  type GradebookQuery,
  GradebookStatistics,
  type LearnerSubmission,
  LearnerSubmissionList,
  type ProblemStatistics,
} from "../../schemas/gradebook.js";
import type { HttpClient, RequestOptions } from "../http.js";
import { serverSentEvents } from "../streams.js";

const coursePath = (id: string) => `/courses/${encodeURIComponent(id)}`;

/** A course's gradebook, for its staff: `cg.gradebook.get(courseId)`, `.csv(courseId)`, `.watch(courseId)`. */
export class GradebookResource {
  constructor(private readonly http: HttpClient) {}

  /** Learners × assignment problems; `assignment` narrows to one assignment, `q` searches learners. */
  get(courseId: string, query: GradebookQuery = {}, options?: RequestOptions): Promise<Gradebook> {
    return this.http.request(
      { method: "GET", path: `${coursePath(courseId)}/gradebook`, query, schema: Gradebook },
      options,
    );
  }

  /** The same numbers as CSV text: one row per learner, one column per assignment problem, and the total. */
  csv(courseId: string, options?: RequestOptions): Promise<string> {
    return this.http.request<string>(
      { method: "GET", path: `${coursePath(courseId)}/gradebook.csv`, text: true },
      options,
    );
  }

  statistics(courseId: string, options?: RequestOptions): Promise<ProblemStatistics[]> {
    return this.http.request(
      { method: "GET", path: `${coursePath(courseId)}/gradebook/statistics`, schema: GradebookStatistics },
      options,
    );
  }

  /** A learner's submissions in the course's assignments, with code and every test's verdict. */
  submissionsOf(courseId: string, learnerId: string, options?: RequestOptions): Promise<LearnerSubmission[]> {
    return this.http.request(
      {
        method: "GET",
        path: `${coursePath(courseId)}/learners/${encodeURIComponent(learnerId)}/submissions`,
        schema: LearnerSubmissionList,
      },
      options,
    );
  }

  /** Changed cells as they are judged, until `signal` aborts: `for await (const cell of cg.gradebook.watch(id))`. */
  async *watch(courseId: string, options?: RequestOptions): AsyncGenerator<GradebookCell> {
    const events = serverSentEvents(
      this.http,
      { method: "GET", path: `${coursePath(courseId)}/gradebook/events` },
      options,
    );
    for await (const event of events) {
      if (event.event === "cell") yield GradebookCell.parse(JSON.parse(event.data));
    }
  }
}
