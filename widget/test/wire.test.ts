import { describe, expect, it } from "vitest";
import { lineDiff } from "../src/diff.js";
import { verifiedHostOrigin } from "../src/host-origin.js";
import { STORE_KEY, safeVarValue } from "../src/protocol.js";
import { readEventStream } from "../src/sse.js";

function streamOf(...pieces: string[]) {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

describe("event stream reader", () => {
  it("reads events split anywhere across chunks, skipping comments", async () => {
    const events = [];
    for await (const e of readEventStream(
      streamOf(
        ": keep-alive\n\nevent: st",
        'ate\ndata: {"state":"running"}\r\n\r\nevent: test\ndata: {"a":',
        "1}\n\n",
      ),
    )) {
      events.push(e);
    }
    expect(events).toEqual([
      { event: "state", data: '{"state":"running"}' },
      { event: "test", data: '{"a":1}' },
    ]);
  });

  it("joins multi-line data and defaults the event name", async () => {
    const events = [];
    for await (const e of readEventStream(streamOf("data: one\ndata: two\n\n"))) events.push(e);
    expect(events).toEqual([{ event: "message", data: "one\ntwo" }]);
  });
});

describe("expected-versus-actual diff", () => {
  it("marks the lines that differ, token-wise like the judge", () => {
    const { rows } = lineDiff("3\n4 5\n6\n", "3\n4  5\n7");
    expect(rows.map((r) => r.same)).toEqual([true, true, false]);
    expect(rows[2]).toMatchObject({ line: 3, expected: "6", actual: "7" });
  });

  it("shows missing and extra lines", () => {
    const { rows } = lineDiff("1\n2\n", "1\n");
    expect(rows[1]).toMatchObject({ expected: "2", actual: undefined, same: false });
  });

  it("keeps at most 200 rows", () => {
    const big = lineDiff("x\n".repeat(500), "y\n".repeat(500));
    expect(big.rows).toHaveLength(200);
    expect(big.truncated).toBe(true);
  });
});

describe("what the frame accepts from the host page", () => {
  it.each(["#6f2dbd", "rgb(1, 2, 3)", "Georgia, 'DejaVu Serif', serif", "4px", "1.5rem"])("takes %s", (v) => {
    expect(safeVarValue(v)).toBe(true);
  });

  it.each([
    "url(https://evil.example/x.png)",
    "URL (x)",
    "red; background: url(x)",
    "expression(alert(1))",
    "</style>",
    "a".repeat(201),
  ])("drops %s", (v) => {
    expect(safeVarValue(v)).toBe(false);
  });

  it("stores only drafts and the anonymous id", () => {
    expect(STORE_KEY.test("anonymous-id")).toBe(true);
    expect(STORE_KEY.test("draft:two-sum:cpp")).toBe(true);
    expect(STORE_KEY.test("draft:../x:cpp")).toBe(false);
    expect(STORE_KEY.test("token")).toBe(false);
  });
});

describe("the frame's check of its host", () => {
  const parent = {};
  const win = (ancestors: string[] | undefined, referrer = "") =>
    ({
      parent,
      location: { ancestorOrigins: ancestors },
      document: { referrer },
    }) as unknown as Window;

  it("trusts the claimed host only when the browser agrees", () => {
    expect(verifiedHostOrigin("https://course.example.edu", win(["https://course.example.edu"]))).toBe(
      "https://course.example.edu",
    );
    expect(verifiedHostOrigin("https://evil.example", win(["https://course.example.edu"]))).toBeUndefined();
  });

  it("falls back to the referrer where ancestorOrigins is missing", () => {
    expect(verifiedHostOrigin("https://a.example", win(undefined, "https://a.example/lesson"))).toBe(
      "https://a.example",
    );
    expect(verifiedHostOrigin("https://a.example", win(undefined, "https://b.example/"))).toBeUndefined();
  });

  it("refuses anything that is not exactly an origin, and posts nothing when not framed", () => {
    expect(verifiedHostOrigin("https://a.example/path", win(["https://a.example"]))).toBeUndefined();
    expect(verifiedHostOrigin("*", win(["https://a.example"]))).toBeUndefined();
    expect(verifiedHostOrigin(null, win(["https://a.example"]))).toBeUndefined();
    const top = { location: { ancestorOrigins: [] }, document: { referrer: "" } } as unknown as Window & {
      parent: unknown;
    };
    (top as { parent: unknown }).parent = top;
    expect(verifiedHostOrigin("https://a.example", top)).toBeUndefined();
  });
});
