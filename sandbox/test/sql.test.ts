import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  formatSqlTable,
  parseSqlTable,
  RunRequest,
  type RunResponse,
  type SqlTable,
  sqlTablesMatch,
} from "../src/index.js";
import { describeDocker, expectNoLeftovers, runtime, type Service, startService } from "./helpers.js";

const table = (columns: string[], ...rows: SqlTable["rows"]) => formatSqlTable({ columns, rows });

describe("SQL result tables", () => {
  it("prints a table as SQLite's quote mode does, and reads it back", () => {
    const text = table(["name", "total"], ["Ann", 30], ["it's", null], ["two\nlines", 2.5], ["", true]);
    expect(text).toBe("'name','total'\n'Ann',30\n'it''s',NULL\n'two\nlines',2.5\n'',1\n");
    expect(parseSqlTable(text)).toEqual({
      columns: ["name", "total"],
      rows: [
        [
          { kind: "text", text: "Ann" },
          { kind: "number", literal: "30", value: 30 },
        ],
        [{ kind: "text", text: "it's" }, { kind: "null" }],
        [
          { kind: "text", text: "two\nlines" },
          { kind: "number", literal: "2.5", value: 2.5 },
        ],
        [
          { kind: "text", text: "" },
          { kind: "number", literal: "1", value: 1 },
        ],
      ],
    });
    expect(parseSqlTable("'b'\nX'0A1b'\n")?.rows).toEqual([[{ kind: "blob", hex: "0a1b" }]]);
    expect(parseSqlTable("")).toEqual({ columns: [], rows: [] });
  });

  it("refuses text that is not a header line and rows of as many cells", () => {
    for (const text of [
      "hello\n",
      "'a','b'\n1\n",
      "1,2\n3,4\n",
      "'a'\n'unclosed\n",
      "'a'\nNULLS\n",
      "'a'\nX'0'\n",
    ]) {
      expect(parseSqlTable(text), JSON.stringify(text)).toBeNull();
    }
  });

  it("matches columns by count and name, ignoring ASCII case", () => {
    const expected = table(["name", "total"], ["Ann", 1]);
    expect(sqlTablesMatch("'NAME','Total'\n'Ann',1\n", expected, true)).toBe(true);
    expect(sqlTablesMatch("'name','sum'\n'Ann',1\n", expected, true)).toBe(false);
    expect(sqlTablesMatch("'name'\n'Ann'\n", expected, true)).toBe(false);
    expect(sqlTablesMatch("'name','total','extra'\n'Ann',1,2\n", expected, true)).toBe(false);
  });

  it("keeps NULL, the empty string and the text 'NULL' apart, and text apart from numbers", () => {
    const expected = table(["v"], [null]);
    expect(sqlTablesMatch("'v'\nNULL\n", expected, true)).toBe(true);
    expect(sqlTablesMatch("'v'\n''\n", expected, true)).toBe(false);
    expect(sqlTablesMatch("'v'\n'NULL'\n", expected, true)).toBe(false);
    expect(sqlTablesMatch("'v'\n'1'\n", table(["v"], [1]), true)).toBe(false);
    expect(sqlTablesMatch("'v'\n'Ann'\n", table(["v"], ["ann"]), true)).toBe(false);
  });

  it("compares numbers by value: 2 is 2.0, reals within 1e-9, integers exactly to 64 bits", () => {
    expect(sqlTablesMatch("'v'\n2.0\n", table(["v"], [2]), true)).toBe(true);
    expect(sqlTablesMatch("'v'\n0.10000000000000000555\n", table(["v"], [0.1]), true)).toBe(true);
    expect(sqlTablesMatch("'v'\n0.33333333333333331482\n", "'v'\n0.3333333333\n", true)).toBe(true);
    expect(sqlTablesMatch("'v'\n0.3334\n", "'v'\n0.3333\n", true)).toBe(false);
    expect(sqlTablesMatch("'v'\n9223372036854775807\n", "'v'\n9223372036854775806\n", true)).toBe(false);
    expect(sqlTablesMatch("'v'\n9223372036854775807\n", "'v'\n9223372036854775807\n", true)).toBe(true);
  });

  it("ordered: rows in the same order; unordered: the same rows as a multiset", () => {
    const expected = table(["n"], [1], [2], [2]);
    expect(sqlTablesMatch("'n'\n1\n2\n2\n", expected, true)).toBe(true);
    expect(sqlTablesMatch("'n'\n2\n1\n2\n", expected, true)).toBe(false);
    expect(sqlTablesMatch("'n'\n2\n1\n2\n", expected, false)).toBe(true);
    expect(sqlTablesMatch("'n'\n2.0\n1\n2\n", expected, false)).toBe(true);
    expect(sqlTablesMatch("'n'\n1\n1\n2\n", expected, false)).toBe(false);
    expect(sqlTablesMatch("'n'\n1\n2\n", expected, false)).toBe(false);
  });

  it("takes an empty output (sqlite3 prints no header without rows) for an empty result only", () => {
    expect(sqlTablesMatch("", table(["name"]), true)).toBe(true);
    expect(sqlTablesMatch("", table(["name"], ["Ann"]), false)).toBe(false);
    expect(sqlTablesMatch("'name'\n'Ann'\n", table(["name"]), false)).toBe(false);
  });

  it("refuses a run whose expected table cannot be read", () => {
    const request = {
      language: "sqlite",
      code: "SELECT 1;",
      tests: [{ id: "a", expected: "not a table" }],
      compare: { table: { ordered: true } },
    };
    expect(RunRequest.safeParse(request).success).toBe(false);
    expect(RunRequest.safeParse({ ...request, tests: [{ id: "a", expected: "'1'\n1\n" }] }).success).toBe(
      true,
    );
  });
});

/** The problem database of the runs below: a typed table from .sql, one filled from .csv. */
const database = [
  {
    name: "db/01/schema.sql",
    content:
      "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, team TEXT);\n" +
      "INSERT INTO people VALUES (1, 'Ann', 'red'), (2, 'Bo', NULL), (3, 'Cy', 'blue');\n" +
      "CREATE TABLE scores (person_id INTEGER, points REAL);\n",
  },
  { name: "db/02/scores.csv", content: "person_id,points\n1,10\n3,2.5\n1,4\n" },
];

describeDocker(`SQL on SQLite (${runtime})`, () => {
  let service: Service;
  const run = (request: RunRequest): Promise<RunResponse> => service.client.run(request);
  /** A judged run of `query` against the database: one test per entry, stdin = the test's own SQL. */
  const judge = (
    query: string,
    tests: { stdin?: string; expected: string }[],
    ordered = true,
    limits: RunRequest["limits"] = {},
  ) =>
    run({
      language: "sqlite",
      files: [{ name: "query.sql", content: query }, ...database],
      tests: tests.map((t, i) => ({ id: String(i), args: ["--judge"], stdin: t.stdin ?? "", ...t })),
      compare: { table: { ordered } },
      limits,
    });

  beforeAll(async () => {
    service = await startService({ poolSize: 1, warmLanguages: ["sqlite"] });
  });
  afterAll(async () => {
    await service?.close();
  });

  describe.concurrent("judging", () => {
    it("builds the database once from .sql and .csv files and prints the result as a quoted table", async () => {
      const result = await judge(
        "SELECT p.name, total(s.points) AS points, p.team\nFROM people AS p LEFT JOIN scores AS s ON s.person_id = p.id\nGROUP BY p.id ORDER BY p.id;",
        [
          {
            expected: table(
              ["name", "points", "team"],
              ["Ann", 14, "red"],
              ["Bo", 0, null],
              ["Cy", 2.5, "blue"],
            ),
          },
        ],
      );
      expect(result.status, JSON.stringify(result)).toBe("accepted");
      expect(result.compile?.exitCode).toBe(0);
      // SQLite 3.40 prints reals to 20 digits, 14.0 as 13.999999999999999999: read as the same double.
      expect(result.tests?.[0]?.stdout).toMatch(
        /^'name','points','team'\n'Ann',(14\.0|13\.9+),'red'\n'Bo',0\.0,NULL\n'Cy',2\.5,'blue'\n$/,
      );
    });

    it("runs each test's own SQL first, on a fresh copy: nothing carries over to the next test", async () => {
      const result = await judge("SELECT count(*) AS n FROM people;", [
        { stdin: "DELETE FROM people WHERE id > 1;", expected: table(["n"], [1]) },
        { expected: table(["n"], [3]) },
        { stdin: "INSERT INTO people (name) VALUES ('Di'), ('Ed');", expected: table(["n"], [5]) },
        { expected: table(["n"], [3]) },
      ]);
      expect(result.status, JSON.stringify(result)).toBe("accepted");
      const changing = await judge("DELETE FROM people; SELECT count(*) AS n FROM people;", [
        { expected: table(["n"], [0]) },
        { stdin: "INSERT INTO people (name) VALUES ('Di');", expected: table(["n"], [0]) },
      ]);
      expect(changing.status, JSON.stringify(changing)).toBe("accepted");
    });

    it("gives wrong_answer for wrong rows, a missing column, and rows out of order when order counts", async () => {
      const expected = table(["name"], ["Ann"], ["Bo"], ["Cy"]);
      const [right, anyOrder, unorderedProblem, wrongRows, wrongColumns] = await Promise.all([
        judge("SELECT name FROM people ORDER BY name;", [{ expected }]),
        judge("SELECT name FROM people ORDER BY name DESC;", [{ expected }]),
        judge("SELECT name FROM people ORDER BY name DESC;", [{ expected }], false),
        judge("SELECT name FROM people WHERE team IS NOT NULL ORDER BY name;", [{ expected }]),
        judge("SELECT name, team FROM people ORDER BY name;", [{ expected }]),
      ]);
      expect(right.status, JSON.stringify(right)).toBe("accepted");
      expect(anyOrder.status).toBe("wrong_answer");
      expect(unorderedProblem.status).toBe("accepted");
      expect(wrongRows.status).toBe("wrong_answer");
      expect(wrongColumns.status).toBe("wrong_answer");
    });

    it("reports a syntax error as a compilation error naming query.sql and the line of the error, before any test", async () => {
      const result = await judge("SELECT name\nFROM people;\n\nSELECT nme FROM people;\n", [
        { expected: table(["name"], ["Ann"]) },
      ]);
      expect(result.status, JSON.stringify(result)).toBe("compilation_error");
      expect(result.compile?.stderr).toMatch(/^query\.sql:4: no such column: nme/);
      expect(result.tests).toBeUndefined();
      const syntax = await judge("SELECT name,\n  FROM people;", [{ expected: table(["name"], ["Ann"]) }]);
      expect(syntax.status).toBe("compilation_error");
      // sqlite3 names the line where the statement begins; the line of the error itself is shown.
      expect(syntax.compile?.stderr).toMatch(/^query\.sql:2: near "FROM": syntax error/);
      const deep = await judge(
        "SELECT 1 AS a;\nSELECT name\n  FROM people\n  WHERE team = = 'red'\n  ORDER BY name;",
        [{ expected: table(["name"], ["Ann"]) }],
      );
      expect(deep.compile?.stderr).toMatch(/^query\.sql:4: near "=": syntax error/);
    });

    it("reports an error while running as runtime_error with the line", async () => {
      const result = await judge("SELECT 1 AS a;\nSELECT abs(-9223372036854775807 - 1) AS b;", [
        { expected: table(["a"], [1]) },
      ]);
      expect(result.status, JSON.stringify(result)).toBe("runtime_error");
      expect(result.tests?.[0]?.stderr).toMatch(/line 2: integer overflow/);
    });

    it("names the problem's file and line when its database does not build", async () => {
      const result = await run({
        language: "sqlite",
        files: [
          { name: "query.sql", content: "SELECT 1;" },
          { name: "db/01/schema.sql", content: "CREATE TABLE t (a);\nINSERT INTO t VALUES (1, 2);\n" },
        ],
        tests: [{ id: "a", args: ["--judge"], expected: "'1'\n1\n" }],
        compare: { table: { ordered: true } },
      });
      expect(result.status, JSON.stringify(result)).toBe("compilation_error");
      expect(result.compile?.stderr).toMatch(
        /^db\/01\/schema\.sql:2: table t has 1 columns but 2 values were supplied/,
      );
    });

    it("stops a recursive query that never ends at the time limit", async () => {
      const result = await judge(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)\nSELECT max(i) AS m FROM n;",
        [{ expected: table(["m"], [1]) }],
        true,
        { timeMs: 1000 },
      );
      expect(result.status, JSON.stringify(result)).toBe("time_limit_exceeded");
      expect(result.compile?.exitCode).toBe(0);
    });

    it("stops a cross join that holds too much at the memory limit, and one that prints too much at the output limit", async () => {
      const numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 3000)\n";
      const [memory, output] = await Promise.all([
        judge(
          `${numbers}SELECT count(DISTINCT a.i * 10000 + b.i) AS c FROM n AS a, n AS b;`,
          [{ expected: table(["c"], [9_000_000]) }],
          true,
          { memoryMb: 64, timeMs: 10_000 },
        ),
        judge(
          `${numbers}SELECT a.i, b.i FROM n AS a, n AS b;`,
          [{ expected: table(["i", "i"], [1, 1]) }],
          true,
          {
            outputKb: 64,
          },
        ),
      ]);
      expect(memory.status, JSON.stringify({ ...memory, tests: memory.tests?.map((t) => t.verdict) })).toBe(
        "memory_limit_exceeded",
      );
      expect(output.status).toBe("output_limit_exceeded");
      expect(output.tests?.[0]?.truncated).toBe(true);
    });
  });

  describe.concurrent("what -safe refuses", () => {
    // Each is refused by sqlite3 -safe, and the refusal is found by the compile step's check.
    const refused: [string, string, RegExp][] = [
      [
        "ATTACH of another file",
        "SELECT 1;\nATTACH '/tmp/other.db' AS other;",
        /query\.sql:2: cannot run ATTACH in safe mode/,
      ],
      ["VACUUM INTO a file", "VACUUM INTO '/work/copy.db';", /query\.sql:1: cannot run ATTACH in safe mode/],
      [
        "load_extension",
        "SELECT load_extension('/usr/lib/x86_64-linux-gnu/libsqlite3.so.0');",
        /cannot use the load_extension\(\) function in safe mode/,
      ],
      ["readfile", "SELECT readfile('/etc/passwd');", /cannot use the readfile\(\) function in safe mode/],
      [
        "writefile",
        "SELECT writefile('/work/x', 'x');",
        /cannot use the writefile\(\) function in safe mode/,
      ],
      [".shell", ".shell id", /query\.sql:1: cannot run \.shell in safe mode/],
      [".system", ".system id", /query\.sql:1: cannot run \.system in safe mode/],
      [".output to a file", ".output /work/out.txt\nSELECT 1;", /cannot run \.output in safe mode/],
      [".once to a file", ".once /work/out.txt\nSELECT 1;", /cannot run \.once in safe mode/],
      [".read of a file", ".read /etc/passwd", /cannot run \.read in safe mode/],
      [".import of a file", ".import /etc/passwd t", /cannot run \.import in safe mode/],
      [
        ".open of another database",
        ".open /work/other.db",
        /cannot open disk-based database files in safe mode/,
      ],
      [
        ".load of an extension",
        ".load /usr/lib/x86_64-linux-gnu/libsqlite3.so.0",
        /cannot run \.load in safe mode/,
      ],
    ];
    for (const [what, query, message] of refused) {
      it(`refuses ${what}`, async () => {
        const [judged, plain] = await Promise.all([
          judge(query, [{ expected: table(["1"], [1]) }]),
          run({ language: "sqlite", code: query }),
        ]);
        for (const result of [judged, plain]) {
          expect(result.status, JSON.stringify(result)).toBe("compilation_error");
          expect(result.compile?.stderr).toMatch(message);
        }
      });
    }

    it("lets .trace open a file only in the writable work folder, never on the read-only root", async () => {
      const result = await run({
        language: "sqlite",
        code: [
          ".trace /etc/cg-probe",
          "SELECT count(*) FROM fsdir('/etc') WHERE name = '/etc/cg-probe';",
          ".trace /work/trace.txt",
          "SELECT count(*) FROM fsdir('/work') WHERE name = '/work/trace.txt';",
        ].join("\n"),
      });
      expect(result.status, JSON.stringify(result)).toBe("accepted");
      expect(result.run?.stdout).toBe("0\n1\n");
      expect(result.run?.stderr).toMatch(/cannot open "\/etc\/cg-probe"/);
    });
  });

  describe.concurrent("a plain run (the playground)", () => {
    it("prints list mode without headers and reads stdin as the rows of stdin(line)", async () => {
      const result = await run({
        language: "sqlite",
        code: "SELECT 'hello', NULL, 2.5;\nSELECT count(*), group_concat(line, '|') FROM stdin;",
        stdin: "it's\n\nlast line without newline",
      });
      expect(result.status, JSON.stringify(result)).toBe("accepted");
      expect(result.run?.stdout).toBe("hello||2.5\n3|it's||last line without newline\n");
    });

    it("sees an empty stdin table without input, and a database built from db/ files", async () => {
      const result = await run({
        language: "sqlite",
        files: [
          { name: "query.sql", content: "SELECT count(*) FROM stdin;\nSELECT name FROM people ORDER BY id;" },
          ...database,
        ],
      });
      expect(result.status, JSON.stringify(result)).toBe("accepted");
      expect(result.run?.stdout).toBe("0\nAnn\nBo\nCy\n");
    });
  });

  it("removes every container it used", async () => {
    expect(await expectNoLeftovers()).toEqual([]);
  });
});
