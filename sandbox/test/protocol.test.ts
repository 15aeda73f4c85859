import { describe, expect, it } from "vitest";
import { encodeJob, ResultDecoder } from "../src/runner/protocol.js";

describe("agent protocol", () => {
  it("encodes files and steps with byte lengths, so any content survives", () => {
    const job = encodeJob(
      [{ name: "main.py", content: "print('é')\nE\n" }],
      [
        {
          kind: "run",
          argv: ["python3", "main.py"],
          stdin: "1 2\n",
          cpuMs: 1000,
          wallMs: 3000,
          memoryKb: 1024,
          outputBytes: 10,
        },
      ],
    ).toString("utf8");
    expect(job).toBe(
      "CGJOB 1\nF 7 14\nmain.pyprint('é')\nE\nS r 1000 3000 1024 10 4 2\n7\npython37\nmain.py1 2\nE\n",
    );
  });

  it("decodes records split across chunks at any byte", () => {
    const stream = Buffer.from("R 0 0 0 12 20 8000 0 3 2\nhi\nerR 1 -1 9 5 6 100 16 0 0\nD\n");
    for (let cut = 1; cut < stream.length; cut++) {
      const decoder = new ResultDecoder();
      decoder.push(stream.subarray(0, cut));
      decoder.push(stream.subarray(cut));
      expect(decoder.end).toEqual({ kind: "done" });
      expect(decoder.records).toHaveLength(2);
      expect(decoder.records[0]?.stdout.toString()).toBe("hi\n");
      expect(decoder.records[0]?.stderr.toString()).toBe("er");
      expect(decoder.records[1]?.exitCode).toBeNull();
      expect(decoder.records[1]?.signal).toBe(9);
      expect(decoder.records[1]?.flags).toBe(16);
    }
  });

  it("reports the agent's refusal", () => {
    const decoder = new ResultDecoder();
    decoder.push(Buffer.from("X 12\njob too big!"));
    expect(decoder.end).toEqual({ kind: "failed", message: "job too big!" });
  });

  it("throws on output that is not the protocol", () => {
    expect(() => new ResultDecoder().push(Buffer.from("hello world\n"))).toThrow(/malformed/);
  });
});
