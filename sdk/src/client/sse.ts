/** One Server-Sent Event, as the HTML standard's event-stream parser dispatches it. */
export interface ServerSentEvent {
  /** `event:` field; "message" when the event named none. */
  event: string;
  /** `data:` lines joined with "\n". */
  data: string;
  /** The last `id:` seen on the stream so far (it carries over to later events). */
  id: string;
  /** `retry:` (milliseconds), when this event set it. */
  retry?: number;
}

/**
 * The event-stream parser (https://html.spec.whatwg.org/multipage/server-sent-events.html):
 * lines end in CRLF, LF or CR; `:` starts a comment; a blank line dispatches the event; a field
 * without a colon is a field with an empty value; one space after the colon is dropped. Feed it
 * decoded text in pieces of any size; a line may be split anywhere, including between CR and LF.
 */
export class SseParser {
  #buffer = "";
  #pendingCr = false;
  #event = "";
  #data: string[] = [];
  #id = "";
  #retry: number | undefined;

  /** Parses more text; returns the events it completed. */
  push(text: string): ServerSentEvent[] {
    const events: ServerSentEvent[] = [];
    let chunk = text;
    // A CR ended the previous piece: an LF right after it belongs to the same line ending.
    if (this.#pendingCr) {
      this.#pendingCr = false;
      if (chunk.startsWith("\n")) chunk = chunk.slice(1);
    }
    this.#buffer += chunk;
    let start = 0;
    for (let i = 0; i < this.#buffer.length; i++) {
      const c = this.#buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.#line(this.#buffer.slice(start, i), events);
      if (c === 13) {
        if (i + 1 === this.#buffer.length) this.#pendingCr = true;
        else if (this.#buffer.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.#buffer = this.#buffer.slice(start);
    return events;
  }

  /** The stream ended: an event without its closing blank line is discarded, as the standard says. */
  end(): ServerSentEvent[] {
    this.#buffer = "";
    this.#event = "";
    this.#data = [];
    this.#retry = undefined;
    return [];
  }

  #line(line: string, events: ServerSentEvent[]): void {
    if (line === "") {
      if (this.#data.length > 0) {
        events.push({
          event: this.#event || "message",
          data: this.#data.join("\n"),
          id: this.#id,
          ...(this.#retry !== undefined ? { retry: this.#retry } : {}),
        });
      }
      this.#event = "";
      this.#data = [];
      this.#retry = undefined;
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        this.#event = value;
        break;
      case "data":
        this.#data.push(value);
        break;
      case "id":
        if (!value.includes("\0")) this.#id = value;
        break;
      case "retry":
        if (/^[0-9]+$/.test(value)) this.#retry = Number(value);
        break;
      default:
        // Unknown fields are ignored.
        break;
    }
  }
}

/**
 * Reads a response body as Server-Sent Events. Stopping early (`break`, `return`) cancels the
 * body, which ends the HTTP request; a byte-order mark and UTF-8 split across chunks are handled
 * by the streaming decoder.
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8");
  const parser = new SseParser();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        const rest = decoder.decode();
        yield* parser.push(rest);
        parser.end();
        finished = true;
        return;
      }
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
