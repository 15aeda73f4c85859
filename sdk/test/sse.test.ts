import { describe, expect, it } from "vitest";
import { readServerSentEvents, type ServerSentEvent, SseParser } from "../src/index.js";

/** Feeds the text to a parser in pieces of `size` characters. */
function parseInPieces(text: string, size: number): ServerSentEvent[] {
  const parser = new SseParser();
  const events: ServerSentEvent[] = [];
  for (let i = 0; i < text.length; i += size) events.push(...parser.push(text.slice(i, i + size)));
  events.push(...parser.end());
  return events;
}

/** A body that delivers these bytes in these chunks. */
function bodyOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readServerSentEvents(body)) events.push(event);
  return events;
}

const STREAM = [
  ": keep-alive",
  "",
  "event: token",
  'data: {"text":"Hé"}',
  "",
  "event: done",
  "data: line one",
  "data: line two",
  "id: 7",
  "",
  "data:no space after the colon",
  "",
  "",
].join("\n");

const EXPECTED: ServerSentEvent[] = [
  { event: "token", data: '{"text":"Hé"}', id: "" },
  { event: "done", data: "line one\nline two", id: "7" },
  { event: "message", data: "no space after the colon", id: "7" },
];

describe("the event-stream parser", () => {
  it("parses named events, multi-line data, ids and comments", () => {
    expect(parseInPieces(STREAM, STREAM.length)).toEqual(EXPECTED);
  });

  it("gives the same events whatever the chunk boundaries", () => {
    for (const size of [1, 2, 3, 5, 7, 13])
      expect(parseInPieces(STREAM, size), `size ${size}`).toEqual(EXPECTED);
  });

  it("accepts CRLF and lone CR line endings, also with CR and LF in different chunks", () => {
    for (const eol of ["\r\n", "\r"]) {
      const text = STREAM.replaceAll("\n", eol);
      for (const size of [1, 2, 4, text.length]) {
        expect(parseInPieces(text, size), `${JSON.stringify(eol)} size ${size}`).toEqual(EXPECTED);
      }
    }
    const parser = new SseParser();
    expect(parser.push("data: a\r")).toEqual([]);
    // The LF completes the CR's line ending; it is not a second (blank) line.
    expect(parser.push("\ndata: b\r\n")).toEqual([]);
    expect(parser.push("\r\n")).toEqual([{ event: "message", data: "a\nb", id: "" }]);
  });

  it("ignores comments, unknown fields, empty events and an invalid retry; keeps a valid retry", () => {
    const text = ":comment\nfoo: bar\n\nevent: lonely\n\nretry: soon\ndata: x\n\nretry: 3000\ndata: y\n\n";
    expect(parseInPieces(text, 3)).toEqual([
      { event: "message", data: "x", id: "" },
      { event: "message", data: "y", id: "", retry: 3000 },
    ]);
  });

  it("treats a field without a colon as empty and keeps only one leading space of a value", () => {
    expect(parseInPieces("data\ndata:  two spaces\n\n", 4)).toEqual([
      { event: "message", data: "\n two spaces", id: "" },
    ]);
  });

  it("discards an event the stream cut off before its blank line", () => {
    expect(parseInPieces("data: complete\n\ndata: cut off", 100)).toEqual([
      { event: "message", data: "complete", id: "" },
    ]);
  });

  it("decodes UTF-8 split across chunks, and drops a byte-order mark", async () => {
    const bytes = new TextEncoder().encode('\uFEFFevent: token\ndata: {"text":"日本語 🎉"}\n\n');
    // One byte per chunk splits every multi-byte character.
    const chunks = Array.from(bytes, (b) => new Uint8Array([b]));
    expect(await collect(bodyOf(chunks))).toEqual([{ event: "token", data: '{"text":"日本語 🎉"}', id: "" }]);
  });

  it("cancels the body when the reader stops early", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("data: 1\n\ndata: 2\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const event of readServerSentEvents(body)) {
      expect(event.data).toBe("1");
      break;
    }
    expect(cancelled).toBe(true);
  });
});
