import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";

const run = promisify(execFile);
const sqlite = databases.find((d) => d.name === "sqlite") as (typeof databases)[number];
const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const redocly = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")),
  "bin/cli.js",
);

interface LintProblem {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  location: { pointer?: string }[];
}

describe("the OpenAPI document under a standard linter", () => {
  let db: TestDatabase;
  let api: TestApi;
  let dir: string;

  beforeAll(async () => {
    db = await sqlite.create();
    api = await startApi(db.knex);
    dir = await mkdtemp(path.join(os.tmpdir(), "cg-openapi-"));
  });
  afterAll(async () => {
    await api?.close();
    await db?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("passes `redocly lint` (recommended rules) with no error and no warning, offline", async () => {
    const res = await api.call("GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const file = path.join(dir, "openapi.json");
    await writeFile(file, JSON.stringify(res.body));

    const { stdout, code } = await run(
      process.execPath,
      [redocly, "lint", file, "--config", path.join(packageRoot, "redocly.yaml"), "--format", "json"],
      {
        cwd: dir,
        timeout: 60_000,
        maxBuffer: 16 * 1024 * 1024,
        // No usage report and no version check: the lint needs nothing from the network.
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
    ).then(
      (r) => ({ ...r, code: 0 }),
      (err: { stdout?: string; stderr?: string; code?: number }) => ({
        stdout: err.stdout ?? "",
        stderr: err.stderr ?? "",
        code: err.code ?? -1,
      }),
    );
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: LintProblem[];
    };
    const listed = report.problems.map(
      (p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? "?"}: ${p.message}`,
    );
    expect(listed).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(code).toBe(0);
  });

  it("names every operation once and says where the API is served", async () => {
    const { body: doc } = await api.call("GET", "/api/v1/openapi.json");
    const ids: string[] = [];
    for (const item of Object.values(doc.paths) as Record<string, { operationId: string }>[]) {
      for (const op of Object.values(item)) ids.push(op.operationId);
    }
    expect(ids.length).toBeGreaterThan(40);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    // Paths are written from the origin's root (`/api/v1/...`, `/healthz`): the server is the origin.
    expect(doc.servers).toEqual([{ url: PUBLIC_URL, description: expect.any(String) }]);
  });
});
