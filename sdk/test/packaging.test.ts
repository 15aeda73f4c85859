import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, REPO_DIR, SDK_DIR } from "./support/built.js";

const run = promisify(execFile);

/** Runs a snippet with plain Node from the repository root, where `@codeground/sdk` resolves as for a user. */
async function node(args: string[]) {
  const { stdout } = await run(process.execPath, args, { cwd: REPO_DIR });
  return JSON.parse(stdout.trim());
}

const PROBE = `{
  Codeground: typeof sdk.Codeground,
  ProblemDocument: typeof sdk.ProblemDocument?.parse,
  rateLimitIsApiError: new sdk.RateLimitError({ status: 429, type: "rate_limit", code: "x", message: "m", retryAfter: 3 }) instanceof sdk.ApiError,
  timeoutIsConnection: new sdk.TimeoutError("t") instanceof sdk.ConnectionError,
  resources: Object.keys(new sdk.Codeground({ baseUrl: "http://127.0.0.1:1" })).sort(),
}`;

const EXPECTED = {
  Codeground: "function",
  ProblemDocument: "function",
  rateLimitIsApiError: true,
  timeoutIsConnection: true,
  resources: [
    "audit",
    "auth",
    "chat",
    "embeds",
    "executions",
    "keys",
    "me",
    "problems",
    "runs",
    "submissions",
  ],
};

describe("the published package", () => {
  beforeAll(ensureBuilt, 120_000);

  it('loads with require("@codeground/sdk") from CommonJS', async () => {
    const result = await node([
      "-e",
      `const sdk = require("@codeground/sdk"); console.log(JSON.stringify(${PROBE}))`,
    ]);
    expect(result).toEqual(EXPECTED);
    const resolved = await node(["-e", 'console.log(JSON.stringify(require.resolve("@codeground/sdk")))']);
    expect(resolved).toBe(path.join(SDK_DIR, "dist/cjs/index.js"));
  });

  it("loads with import from ESM", async () => {
    const result = await node([
      "--input-type=module",
      "-e",
      `import * as sdk from "@codeground/sdk"; console.log(JSON.stringify(${PROBE}))`,
    ]);
    expect(result).toEqual(EXPECTED);
  });

  it("ships type declarations for both builds and depends on zod alone", async () => {
    const pkg = JSON.parse(await readFile(path.join(SDK_DIR, "package.json"), "utf8"));
    expect(Object.keys(pkg.dependencies)).toEqual(["zod"]);
    expect(pkg.exports["."].import.types).toBe("./dist/index.d.ts");
    expect(pkg.exports["."].require.types).toBe("./dist/cjs/index.d.ts");
    for (const file of ["dist/index.d.ts", "dist/cjs/index.d.ts", "dist/cjs/client/codeground.d.ts"]) {
      expect(await readFile(path.join(SDK_DIR, file), "utf8"), file).toContain("export");
    }
    expect(JSON.parse(await readFile(path.join(SDK_DIR, "dist/cjs/package.json"), "utf8"))).toEqual({
      type: "commonjs",
    });
  });
});
