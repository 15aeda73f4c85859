import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunRequest, RunResponse } from "../src/index.js";
import { describeDocker, expectNoLeftovers, runtime, type Service, startService } from "./helpers.js";
import { cases } from "./language-cases/index.js";

describeDocker(`every language on ${runtime}`, () => {
  let service: Service;
  const run = (request: RunRequest): Promise<RunResponse> => service.client.run(request);

  beforeAll(async () => {
    service = await startService({ poolSize: 1, warmLanguages: cases.map((c) => c.id) });
  });

  afterAll(async () => {
    await service?.close();
  });

  // Each language's runs are sent together: the sandbox queues them at its own concurrency, and
  // the limits are CPU time, so waiting in the queue changes no verdict.
  for (const lang of cases) {
    describe.concurrent(lang.id, () => {
      it(`${lang.id}: says hello`, async () => {
        const result = await run({ language: lang.id, code: lang.hello });
        expect(result.status, JSON.stringify(result)).toBe("accepted");
        expect(result.run?.stdout).toBe("hello\n");
        expect(result.run?.exitCode).toBe(0);
        expect(result.run?.truncated).toBe(false);
      });

      it(`${lang.id}: judges tests read from stdin, compiling once — right and wrong answers`, async () => {
        const result = await run({
          language: lang.id,
          code: lang.sum,
          tests: [
            { id: "a", stdin: "1 2\n", expected: "3\n" },
            { id: "b", stdin: "40 2\n", expected: "42" },
            { id: "c", stdin: "2 2\n", expected: "5\n" },
          ],
          compare: "tokens",
        });
        expect(result.status, JSON.stringify(result)).toBe("wrong_answer");
        expect(result.tests?.map((t) => t.verdict)).toEqual(["accepted", "accepted", "wrong_answer"]);
        expect(result.tests?.[2]?.stdout.trim()).toBe("4");
        expect(result.compile === undefined).toBe(lang.lineError.verdict === "runtime_error");
      });

      it(`${lang.id}: builds a program from several files`, async () => {
        const result = await run({ language: lang.id, files: lang.multi });
        expect(result.status, JSON.stringify(result)).toBe("accepted");
        expect(result.run?.stdout.trim()).toBe("5");
      });

      if (lang.compileError) {
        it(`${lang.id}: reports a compile error with the compiler's message`, async () => {
          const result = await run({ language: lang.id, code: lang.compileError as string });
          expect(result.status, JSON.stringify(result)).toBe("compilation_error");
          expect(result.compile?.exitCode).not.toBe(0);
          expect(`${result.compile?.stdout}${result.compile?.stderr}`.length).toBeGreaterThan(0);
          expect(result.run).toBeUndefined();
        });
      }

      it(`${lang.id}: points a mistake at the learner's file and line`, async () => {
        const result = await run({ language: lang.id, code: lang.lineError.code });
        expect(result.status, JSON.stringify(result)).toBe(lang.lineError.verdict);
        const message =
          lang.lineError.verdict === "compilation_error"
            ? `${result.compile?.stdout}${result.compile?.stderr}`
            : `${result.run?.stdout}${result.run?.stderr}`;
        expect(message).toMatch(lang.lineError.where);
        if (lang.lineError.verdict === "compilation_error") expect(result.run).toBeUndefined();
      });

      it(`${lang.id}: reports a runtime error with its stderr`, async () => {
        const result = await run({ language: lang.id, code: lang.runtimeError });
        expect(result.status, JSON.stringify(result)).toBe("runtime_error");
        expect(result.run?.exitCode === 0).toBe(false);
      });

      it(`${lang.id}: stops a memory hog at the memory limit`, async () => {
        const result = await run({ language: lang.id, code: lang.memoryHog, limits: { memoryMb: 128 } });
        expect(result.status, JSON.stringify({ ...result, run: { ...result.run, stdout: "" } })).toBe(
          "memory_limit_exceeded",
        );
      });

      it(`${lang.id}: cuts an output flood at the output limit`, async () => {
        const result = await run({ language: lang.id, code: lang.outputFlood, limits: { outputKb: 16 } });
        expect(result.status, JSON.stringify({ ...result, run: { ...result.run, stdout: "" } })).toBe(
          "output_limit_exceeded",
        );
        expect(result.run?.truncated).toBe(true);
        expect(result.run?.stdout.length).toBe(16 * 1024);
      });

      it(`${lang.id}: has no network and a read-only root`, async () => {
        const [network, root] = await Promise.all([
          run({ language: lang.id, code: lang.network }),
          run({ language: lang.id, code: lang.readOnlyRoot }),
        ]);
        expect(network.status, JSON.stringify(network)).toBe("accepted");
        expect(network.run?.stdout.trim()).toBe("no network");
        expect(root.status, JSON.stringify(root)).toBe("accepted");
        expect(root.run?.stdout.trim()).toBe("read-only");
      });
    });
  }

  // One at a time, after the rest: beside other runs a program starved of CPU would meet the
  // wall-clock limit (twice the CPU limit and a second) before the CPU limit this checks.
  describe("time limits", () => {
    for (const lang of cases) {
      it(`${lang.id}: stops a busy loop at the time limit`, async () => {
        const result = await run({ language: lang.id, code: lang.busyLoop, limits: { timeMs: 1000 } });
        expect(result.status, JSON.stringify(result)).toBe("time_limit_exceeded");
        expect(result.run?.timeMs).toBeGreaterThanOrEqual(1000);
      });
    }
  });

  it("removes every container it used", async () => {
    expect(await expectNoLeftovers()).toEqual([]);
  });
});
