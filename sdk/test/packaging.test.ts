import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { Codeground } from "../src/index.js";
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
    "admin",
    "assignments",
    "audit",
    "auth",
    "chat",
    "courses",
    "embeds",
    "executions",
    "gradebook",
    "keys",
    "lti",
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

describe("the README", () => {
  it("shows JavaScript that parses, calling only methods the client has", async () => {
    const readme = await readFile(path.join(SDK_DIR, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    const dir = await mkdtemp(path.join(os.tmpdir(), "cg-readme-"));
    try {
      for (const [i, block] of blocks.entries()) {
        const file = path.join(dir, `block-${i}.mjs`);
        await writeFile(file, block);
        await run(process.execPath, ["--check", file]).catch((err: { stderr?: string }) => {
          throw new Error(`README block ${i} does not parse:\n${block}\n${err.stderr ?? ""}`);
        });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const client = new Codeground({ baseUrl: "http://127.0.0.1:1" }) as unknown as Record<string, unknown>;
    const calls = [...readme.matchAll(/\b(?:cg|anonymous|asLearner)\.([\w.]+)\(/g)].map(
      (m) => m[1] as string,
    );
    expect(calls.length).toBeGreaterThan(40);
    for (const call of new Set(calls)) {
      const target = call
        .split(".")
        .reduce<unknown>((object, key) => (object as Record<string, unknown>)?.[key], client);
      expect(typeof target, `cg.${call}`).toBe("function");
    }
  });
});
