import {
  type ProblemDocumentInput,
  ProblemExport,
  type ProblemImportRequest,
  ProblemImportResult,
  ProblemPage,
  type ProblemQuery,
  type ProblemSummary,
  ProblemView,
} from "../../schemas/problems.js";
import type { RunResult, SubmitRequest } from "../../schemas/submissions.js";
import type { HttpClient, QueryParams, RequestOptions } from "../http.js";
import { everyItem } from "../pages.js";
import type { RunsResource } from "./runs.js";

const problemPath = (slug: string) => `/problems/${encodeURIComponent(slug)}`;

/** Problems: browse (cursor pages), read, author, import and export. */
export class ProblemsResource {
  constructor(
    private readonly http: HttpClient,
    private readonly runs: RunsResource,
  ) {}

  /** One page; pass its `nextCursor` as `cursor` for the next (or use `iterate`). */
  list(query: QueryParams<ProblemQuery> = {}, options?: RequestOptions): Promise<ProblemPage> {
    return this.http.request({ method: "GET", path: "/problems", query, schema: ProblemPage }, options);
  }

  /** Every problem matching the query, page after page: `for await (const p of cg.problems.iterate())`. */
  async *iterate(
    query: Omit<QueryParams<ProblemQuery>, "cursor"> = {},
    options?: RequestOptions,
  ): AsyncGenerator<ProblemSummary, void, undefined> {
    yield* everyItem((cursor) => this.list({ ...query, ...(cursor ? { cursor } : {}) }, options));
  }

  /** Every problem matching the query, as one array. */
  async listAll(
    query: Omit<QueryParams<ProblemQuery>, "cursor"> = {},
    options?: RequestOptions,
  ): Promise<ProblemSummary[]> {
    const all: ProblemSummary[] = [];
    for await (const problem of this.iterate(query, options)) all.push(problem);
    return all;
  }

  /** A problem as learners see it (sample tests only); `includeSolutions` for its author and admins. */
  get(slug: string, options: RequestOptions & { includeSolutions?: boolean } = {}): Promise<ProblemView> {
    return this.http.request(
      {
        method: "GET",
        path: problemPath(slug),
        query: { include: options.includeSolutions ? "solutions" : undefined },
        schema: ProblemView,
      },
      options,
    );
  }

  /** Authors and admins. */
  create(document: ProblemDocumentInput, options?: RequestOptions): Promise<ProblemView> {
    return this.http.request(
      { method: "POST", path: "/problems", body: document, schema: ProblemView },
      options,
    );
  }

  /** Replaces the whole document (a new version). */
  replace(slug: string, document: ProblemDocumentInput, options?: RequestOptions): Promise<ProblemView> {
    return this.http.request(
      { method: "PUT", path: problemPath(slug), body: document, schema: ProblemView },
      options,
    );
  }

  delete(slug: string, options?: RequestOptions): Promise<void> {
    return this.http.request({ method: "DELETE", path: problemPath(slug) }, options);
  }

  /** Creates or updates each document; errors name the failing document's index. */
  import(input: ProblemImportRequest, options?: RequestOptions): Promise<ProblemImportResult> {
    return this.http.request(
      { method: "POST", path: "/problems/import", body: input, schema: ProblemImportResult },
      options,
    );
  }

  /** Your problems (admins: all), or those `slugs`, as documents ready for `import`. */
  export(query: { slugs?: string[] } = {}, options?: RequestOptions): Promise<ProblemExport> {
    return this.http.request(
      {
        method: "GET",
        path: "/problems/export",
        query: { format: "json", slug: query.slugs?.length ? query.slugs.join(",") : undefined },
        schema: ProblemExport,
      },
      options,
    );
  }

  /** The same export as YAML text (`format=yaml`), ready for `POST /problems/import` or a repository. */
  exportYaml(query: { slugs?: string[] } = {}, options?: RequestOptions): Promise<string> {
    return this.http.request<string>(
      {
        method: "GET",
        path: "/problems/export",
        query: { format: "yaml", slug: query.slugs?.length ? query.slugs.join(",") : undefined },
        headers: { Accept: "application/yaml" },
        text: true,
      },
      options,
    );
  }

  /** Runs code against the problem's sample tests and answers at once (same as `runs.create`). */
  run(slug: string, input: SubmitRequest, options?: RequestOptions): Promise<RunResult> {
    return this.runs.create(slug, input, options);
  }
}
