import { ProblemExport, ProblemPage, ProblemView, RunResult, Submission } from "@codeground/sdk";
import { afterAll, beforeAll, expect, it } from "vitest";
import { expectError, startApi, type TestApi } from "./support/api.js";
import { type DatabaseTarget, describeEachDatabase, type TestDatabase } from "./support/databases.js";
import { problemFixtures } from "./support/problems.js";
import { describeDocker, startSandboxService, type TestSandboxService } from "./support/sandbox.js";

/** In a hidden test's own SQL and expected table only: no learner-facing answer may contain it. */
const HIDDEN = "Hidden Marker Volume";

/** A library's loans, asked for in a fixed order: books by loans (most first), then title. */
const problem = (slug: string) => ({
  slug,
  title: "Most borrowed books",
  statement: "List every book's `title` and its number of `loans`, most loans first, then by title.",
  difficulty: "easy",
  categories: ["sql"],
  languages: ["sqlite"],
  limits: { timeMs: 2000, memoryMb: 128 },
  judge: {
    mode: "sql",
    ordered: true,
    database: [
      {
        name: "schema.sql",
        content:
          "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL);\n" +
          "CREATE TABLE loans (id INTEGER PRIMARY KEY, book_id INTEGER NOT NULL, member TEXT);\n",
      },
      { name: "books.csv", content: "id,title\n1,Dune\n2,Emma\n3,Beloved\n" },
      {
        name: "loans.sql",
        content:
          "INSERT INTO loans (book_id, member) VALUES (1, 'ana'), (3, 'ben'), (3, 'cy'), (1, NULL), (3, 'di');\n",
      },
    ],
  },
  starter: { sqlite: "-- books(id, title), loans(id, book_id, member)\nSELECT title FROM books;\n" },
  tests: [
    {
      name: "the library",
      sample: true,
      expected: {
        columns: ["title", "loans"],
        rows: [
          ["Beloved", 3],
          ["Dune", 2],
          ["Emma", 0],
        ],
      },
    },
    {
      name: "a new book, borrowed most",
      input: `INSERT INTO books VALUES (4, '${HIDDEN}');\nINSERT INTO loans (book_id) VALUES (4), (4), (4), (4);\n`,
      expected: {
        columns: ["title", "loans"],
        rows: [
          [HIDDEN, 4],
          ["Beloved", 3],
          ["Dune", 2],
          ["Emma", 0],
        ],
      },
    },
    {
      name: "nothing borrowed",
      input: "DELETE FROM loans;\n",
      expected: {
        columns: ["title", "loans"],
        rows: [
          ["Beloved", 0],
          ["Dune", 0],
          ["Emma", 0],
        ],
      },
    },
  ],
  solutions: {
    sqlite:
      "SELECT b.title, COUNT(l.id) AS loans\nFROM books AS b LEFT JOIN loans AS l ON l.book_id = b.id\nGROUP BY b.id\nORDER BY loans DESC, b.title;\n",
  },
});

const RIGHT = problem("x").solutions.sqlite;
/** The right rows, in whatever order the engine leaves them: the problem asks for an order. */
const UNORDERED =
  "SELECT b.title, COUNT(l.id) AS loans\nFROM books AS b LEFT JOIN loans AS l ON l.book_id = b.id\nGROUP BY b.id;\n";
const SYNTAX_ERROR =
  "SELECT b.title, COUNT(l.id) AS loans\nFROM books AS b LEFT JOIN loans AS l ON l.book_id = b.id\nGROUP BY b.id\nORDER BY loans DESC b.title;\n";

/** Polls until the submission is done. */
async function waitDone(api: TestApi, token: string, id: string, timeoutMs = 120_000): Promise<Submission> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await api.call("GET", `/api/v1/submissions/${id}`, { token });
    expect(res.status).toBe(200);
    if (res.body.state === "done") return Submission.parse(res.body);
    if (Date.now() > until) throw new Error(`submission ${id} still ${res.body.state}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describeDocker("SQL problems", () => {
  let service: TestSandboxService;
  beforeAll(async () => {
    service = await startSandboxService();
  });
  afterAll(async () => {
    await service?.close();
  });

  describeEachDatabase("an SQL problem end to end", (target: DatabaseTarget) => {
    let db: TestDatabase;
    let api: TestApi;
    let author: string;
    let learner: string;
    const slug = `most-borrowed-${target.name}`;
    const { account } = problemFixtures(() => api);

    beforeAll(async () => {
      db = await target.create();
      api = await startApi(db.knex, { sandbox: service.client, submissions: { executionsPerMinute: 1000 } });
      author = (await account("author")).token;
      learner = (await account("learner")).token;
    });
    afterAll(async () => {
      await api?.close();
      await db?.destroy();
    });

    const submit = async (code: string) => {
      const res = await api.call("POST", `/api/v1/problems/${slug}/submissions`, {
        token: learner,
        body: { language: "sqlite", code },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      return waitDone(api, learner, res.body.id as string);
    };

    it("takes the problem from its author and shows learners its database and sample, never a hidden test", async () => {
      const created = await api.call("POST", "/api/v1/problems", { token: author, body: problem(slug) });
      expect(created.status, JSON.stringify(created.body)).toBe(201);

      const res = await api.call("GET", `/api/v1/problems/${slug}`, { token: learner });
      expect(res.status).toBe(200);
      const view = ProblemView.parse(res.body);
      expect(view.judge).toEqual(problem(slug).judge);
      expect(view.samples).toEqual([
        { name: "the library", input: "", expected: problem(slug).tests[0]?.expected },
      ]);
      expect(view.testCount).toBe(3);
      expect(JSON.stringify(res.body)).not.toContain(HIDDEN);

      const list = ProblemPage.parse(
        (await api.call("GET", "/api/v1/problems?language=sqlite", { token: learner })).body,
      );
      expect(list.items.find((p) => p.slug === slug)?.judgeMode).toBe("sql");
    });

    it("refuses an SQL problem for another language, or with an expected value that is not a table", async () => {
      const doc = problem(`${slug}-bad`);
      for (const [body, path] of [
        [{ ...doc, languages: ["python"] }, "languages"],
        [{ ...doc, tests: [{ sample: true, expected: "'title','loans'\n'Dune',2\n" }] }, "tests.0"],
        [
          { ...doc, tests: [{ sample: true, expected: { columns: ["title"], rows: [["Dune", 2]] } }] },
          "tests.0",
        ],
        [
          { ...doc, judge: { ...doc.judge, database: [{ name: "../schema.sql", content: "" }] } },
          "judge.database.0.name",
        ],
      ] as const) {
        const error = expectError(await api.call("POST", "/api/v1/problems", { token: author, body }), 400);
        expect(
          (error.details as { path: string }[]).map((d) => d.path),
          JSON.stringify(error),
        ).toContain(path);
      }
    });

    it("runs the sample: the query's table beside the expected one, both as the query prints them", async () => {
      const res = await api.call("POST", `/api/v1/problems/${slug}/run`, {
        token: learner,
        body: { language: "sqlite", code: RIGHT },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const run = RunResult.parse(res.body);
      expect(run).toMatchObject({ verdict: "accepted", passed: 1, total: 1 });
      const table = "'title','loans'\n'Beloved',3\n'Dune',2\n'Emma',0\n";
      expect(run.tests[0]).toMatchObject({
        sample: true,
        verdict: "accepted",
        expected: table,
        stdout: table,
      });
    });

    it("accepts a right query on every test, hidden ones included, and shows nothing of the hidden ones", async () => {
      const done = await submit(RIGHT);
      expect(done, JSON.stringify(done)).toMatchObject({ verdict: "accepted", passed: 3, total: 3 });
      const raw = JSON.stringify(
        (await api.call("GET", `/api/v1/submissions/${done.id}`, { token: learner })).body,
      );
      expect(raw).not.toContain(HIDDEN);
      for (const test of done.tests.filter((t) => !t.sample)) {
        for (const field of ["input", "expected", "stdout", "stderr"]) expect(test).not.toHaveProperty(field);
      }
    });

    it("gives wrong_answer to the right rows in the wrong order, since this problem asks for an order", async () => {
      const done = await submit(UNORDERED);
      expect(done.verdict).toBe("wrong_answer");
      expect(done.tests[0]).toMatchObject({
        sample: true,
        verdict: "wrong_answer",
        stdout: "'title','loans'\n'Dune',2\n'Emma',0\n'Beloved',3\n",
      });
    });

    it("reports a syntax error as a compilation error naming the query's line, and runs no test", async () => {
      const done = await submit(SYNTAX_ERROR);
      expect(done).toMatchObject({ verdict: "compilation_error", passed: 0, total: 3, tests: [] });
      expect(done.message).toMatch(/^query\.sql:4: near "b": syntax error/);
    });

    it("exports the problem with its database, ready to import again", async () => {
      const res = await api.call("GET", `/api/v1/problems/export?slug=${slug}`, { token: author });
      expect(res.status).toBe(200);
      const [doc] = ProblemExport.parse(res.body).problems;
      expect(doc?.judge).toEqual(problem(slug).judge);
      expect(doc?.tests.map((t) => t.input)).toEqual([
        "",
        ...problem(slug)
          .tests.slice(1)
          .map((t) => t.input),
      ]);
      expect(doc?.tests[1]?.expected).toEqual(problem(slug).tests[1]?.expected);
    });
  });
});
