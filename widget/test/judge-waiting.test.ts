import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createLearnerClient, type SubmissionEvent } from "../src/api.js";

describe("a submission waiting for a judge", () => {
  it("reaches the element as a state event with waitingForJudge, then the verdict", async () => {
    const done = {
      id: "s1",
      problem: "p",
      language: "python",
      state: "done",
      verdict: "accepted",
      message: null,
      passed: 1,
      total: 1,
      timeMs: 1,
      memoryKb: 1,
      createdAt: "2026-12-05T00:00:00.000Z",
      finishedAt: "2026-12-05T00:00:01.000Z",
      tests: [],
    };
    const server = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      res.end(
        [
          'event: state\ndata: {"id":"s1","state":"queued","waitingForJudge":true}\n\n',
          'event: state\ndata: {"id":"s1","state":"running"}\n\n',
          `event: done\ndata: ${JSON.stringify(done)}\n\n`,
        ].join(""),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    try {
      const { port } = server.address() as AddressInfo;
      const client = createLearnerClient({ baseUrl: `http://127.0.0.1:${port}`, token: "t" });
      const events: SubmissionEvent[] = [];
      for await (const e of client.events("s1")) events.push(e);
      expect(events[0]).toEqual({ type: "state", state: "queued", waitingForJudge: true });
      expect(events[1]).toEqual({ type: "state", state: "running" });
      expect(events[2]?.type).toBe("done");
    } finally {
      server.close();
    }
  });
});
