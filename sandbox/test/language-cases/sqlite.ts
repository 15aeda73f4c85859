import type { LanguageCase } from "./types.js";

/**
 * SQL on SQLite. A plain run (no `--judge`, as here) prints the sqlite3 shell's list mode and
 * reads stdin as the rows of a table `stdin(line)`; files under `db/` build the database first.
 */
const lang: LanguageCase = {
  id: "sqlite",
  hello: "SELECT 'hello';",
  sum: [
    "SELECT CAST(substr(line, 1, instr(line, ' ') - 1) AS INTEGER)",
    "     + CAST(substr(line, instr(line, ' ') + 1) AS INTEGER)",
    "FROM stdin;",
  ].join("\n"),
  multi: [
    { name: "query.sql", content: "SELECT a + b FROM pair;" },
    {
      name: "db/schema.sql",
      content: "CREATE TABLE pair (a INTEGER, b INTEGER);\nINSERT INTO pair VALUES (2, 3);",
    },
  ],
  compileError: "SELEC 1;",
  runtimeError: "SELECT abs(-9223372036854775808);",
  busyLoop:
    "WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever)\nSELECT count(*) FROM forever;",
  memoryHog: "SELECT length(randomblob(400 * 1024 * 1024));",
  lineError: {
    code: "SELECT 1;\nSELECT * FROM;\nSELECT 3;\n",
    verdict: "compilation_error",
    where: /query\.sql:2:/,
  },
  outputFlood:
    "WITH RECURSIVE lines(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM lines)\nSELECT n, printf('%.990c', 'x') FROM lines;",
  // SQLite has no sockets, so no statement can try a connection. Its ways out of the database are
  // files and code (ATTACH, VACUUM INTO, load_extension, .shell, .output), which -safe refuses;
  // sql.test.ts tries each. What SQL can see of the network is the container's interfaces,
  // through the sqlite3 shell's fsdir(): `no network` when there is none but loopback.
  network: [
    "SELECT CASE WHEN EXISTS (",
    "  SELECT 1 FROM fsdir('/sys/class/net')",
    "  WHERE name GLOB '/sys/class/net/*' AND name NOT GLOB '/sys/class/net/*/*'",
    "    AND name <> '/sys/class/net/lo'",
    ") THEN 'connected' ELSE 'no network' END;",
  ].join("\n"),
  // `.trace FILE` is the one file-creating command -safe lets through: it opens FILE for writing.
  // The root is read-only, so the open fails and fsdir() finds no such file.
  readOnlyRoot: [
    ".trace /tmp/cg-probe",
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM fsdir('/tmp') WHERE name = '/tmp/cg-probe')",
    "  THEN 'written' ELSE 'read-only' END;",
  ].join("\n"),
};

export default lang;
