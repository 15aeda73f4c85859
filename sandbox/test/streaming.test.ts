import { afterAll, beforeAll, expect, it } from "vitest";
import { NDJSON, type RunRequest, RunResponse, RunStreamLine, type TestResult } from "../src/index.js";
import { describeDocker, type Service, startService } from "./helpers.js";

/** Three tests; the second sleeps, so the first result is out well before the run ends. */
const slowSecond: RunRequest = {
  language: "python",
  code: "import sys, time\nn = int(sys.stdin.read())\nif n == 2:\n    time.sleep(1.5)\nprint(n * 2)",
  tests: [
    { id: "a", stdin: "1", expected: "2" },
    { id: "b", stdin: "2", expected: "4" },
    { id: "c", stdin: "3", expected: "7" },
  ],
};

describeDocker("streamed runs (Accept: application/x-ndjson)", () => {
  let service: Service;

  beforeAll(async () => {
    service = await startService({ poolSize: 1 });
  });

  afterAll(async () => {
    await service?.close();
  });

  const post = (body: unknown, accept?: string) =>
    fetch(`${service.url}/v1/runs`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${service.token}`,
        "Content-Type": "application/json",
        ...(accept ? { Accept: accept } : {}),
      },
      body: JSON.stringify(body),
    });

  it("sends each test's line as it finishes, then the result", async () => {
    const started = Date.now();
    const response = await post(slowSecond, NDJSON);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/x-ndjson/);
    const arrivals: { line: RunStreamLine; at: number }[] = [];
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let pending = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      pending += decoder.decode(chunk.value, { stream: true });
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const text of lines.filter(Boolean)) {
        arrivals.push({ line: RunStreamLine.parse(JSON.parse(text)), at: Date.now() - started });
      }
    }
    expect(arrivals.map((a) => a.line.type)).toEqual(["test", "test", "test", "result"]);
    const first = arrivals[0] as { line: RunStreamLine; at: number };
    const last = arrivals[3] as { line: RunStreamLine; at: number };
    // The first test's line came before the sleeping test finished.
    expect(last.at - first.at).toBeGreaterThan(1000);
    const result = last.line.type === "result" ? last.line.result : undefined;
    expect(result?.status).toBe("wrong_answer");
    expect(result?.tests?.map((t) => t.verdict)).toEqual(["accepted", "accepted", "wrong_answer"]);
  });

  it("keeps the plain JSON answer for callers that do not ask for a stream", async () => {
    const response = await post(slowSecond);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    const body = RunResponse.parse(await response.json());
    expect(body.tests?.map((t) => t.id)).toEqual(["a", "b", "c"]);
  });

  it("answers errors before any test with their usual status and JSON body", async () => {
    const response = await post({ language: "cobol", code: "x", tests: [{ id: "1" }] }, NDJSON);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("unknown_language");
  });

  it("gives the client's onTest each result before run() resolves", async () => {
    const seen: TestResult[] = [];
    const result = await service.client.run(slowSecond, { onTest: (t) => seen.push(t) });
    expect(seen.map((t) => t.id)).toEqual(["a", "b", "c"]);
    expect(result.tests).toHaveLength(3);
    const compiled = await service.client.run(
      { ...slowSecond, language: "c", code: "int main(void) { return }" },
      { onTest: (t) => seen.push(t) },
    );
    expect(compiled.status).toBe("compilation_error");
    expect(seen).toHaveLength(3);
  });
});
