import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadBank } from "../../platform-api/src/bank/index.js";
import { seedBank } from "../../platform-api/src/services/problems/problem-seed.js";
import {
  describeDocker,
  startSandboxService,
  type TestSandboxService,
} from "../../platform-api/test/support/sandbox.js";
import { createTestDatabase, newAccount, startApi, type TestApi } from "./support/api.js";
import { ensureBuilt, REPO_DIR } from "./support/built.js";

const SCRIPT = path.join(REPO_DIR, "examples/sdk-node/submit.mjs");

/** Runs the example as a user would: plain Node, the built package, settings in the environment. */
function runExample(env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const { CODEGROUND_TOKEN: _t, PROBLEM: _p, CODE_FILE: _c, ...inherited } = process.env;
    execFile(
      process.execPath,
      [SCRIPT],
      { cwd: REPO_DIR, env: { ...inherited, ...env }, timeout: 150_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describeDocker("examples/sdk-node against a running API and sandbox", () => {
  let service: TestSandboxService;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let api: TestApi;

  beforeAll(async () => {
    await ensureBuilt();
    service = await startSandboxService();
    db = await createTestDatabase();
    // The bank's two-sum, as `npm start` seeds it.
    const bank = (await loadBank()).filter((entry) => entry.problem.slug === "two-sum");
    const languages = new Set((await service.client.languages()).map((l) => l.id));
    const seeded = await seedBank({ db: db.knex, languages }, bank);
    expect(seeded.inserted).toEqual(["two-sum"]);
    api = await startApi(db.knex, { sandbox: service.client, submissions: { executionsPerMinute: 1000 } });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.destroy();
    await service?.close();
  });

  it("signs up, submits two-sum and prints the verdict and every test's result", async () => {
    const result = await runExample({ CODEGROUND_URL: api.url });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^signed up as sdk-example-/m);
    expect(result.stdout).toContain("problem: Two sum (two-sum");
    const total = Number(/(\d+) tests\)/.exec(result.stdout)?.[1]);
    expect(total).toBeGreaterThan(2);
    expect(result.stdout).toContain(`verdict: accepted (${total}/${total} tests passed)`);
    expect(result.stdout.match(/^ {2}#\d+.*accepted/gm)).toHaveLength(total);
    expect(result.stdout.match(/^ {2}test \d+ finished: accepted$/gm)).toHaveLength(total);
  }, 150_000);

  it("uses a given token and reports a wrong solution with exit code 1", async () => {
    const { token } = await newAccount(api);
    const file = path.join(os.tmpdir(), `cg-wrong-${process.pid}.py`);
    await writeFile(file, "def solution(nums, target):\n    return [0, 1]\n");
    const result = await runExample({ CODEGROUND_URL: api.url, CODEGROUND_TOKEN: token, CODE_FILE: file });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain("signed up");
    expect(result.stdout).toMatch(/^verdict: wrong_answer/m);
  }, 150_000);

  it("says what went wrong, with the request id, when the API refuses", async () => {
    const result = await runExample({
      CODEGROUND_URL: api.url,
      CODEGROUND_TOKEN: "cgp_not_a_real_token_at_all",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/AuthenticationError 401 invalid_token: .* \(request id [\w-]+\)/);
  }, 60_000);
});
