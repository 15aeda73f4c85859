import {
  type ExecutionRequest,
  ExecutionResult,
  RunResult,
  type SubmitRequest,
} from "../../schemas/submissions.js";
import type { HttpClient, RequestOptions } from "../http.js";

/** `POST /problems/:slug/run`: a problem's sample tests, judged synchronously. */
export class RunsResource {
  constructor(private readonly http: HttpClient) {}

  create(slug: string, input: SubmitRequest, options?: RequestOptions): Promise<RunResult> {
    return this.http.request(
      { method: "POST", path: `/problems/${encodeURIComponent(slug)}/run`, body: input, schema: RunResult },
      options,
    );
  }
}

/** `POST /executions`: a free-form program with optional stdin, run once. */
export class ExecutionsResource {
  constructor(private readonly http: HttpClient) {}

  create(input: ExecutionRequest, options?: RequestOptions): Promise<ExecutionResult> {
    return this.http.request(
      { method: "POST", path: "/executions", body: input, schema: ExecutionResult },
      options,
    );
  }
}
