import type { GradebookCell } from "@codeground/sdk";
import { asCell } from "./gradebook-data.js";

/** Where the live updates stand, for the page to say. */
export type StreamState = "connecting" | "live" | "reconnecting";

export interface GradebookStreamHandlers {
  cell(cell: GradebookCell): void;
  /**
   * Connected (again): changes made before this moment may not have come through (the page was
   * loading, or the stream was down), so the page reads the gradebook afresh.
   */
  ready(): void;
  state(state: StreamState): void;
}

/** Waits before reopening a stream the server refused, longer each time in a row. */
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];

/**
 * A course's gradebook changes as they happen (`…/gradebook/events`, on the cookie session).
 * The browser reconnects a dropped stream by itself; one it cannot (an error answer: a restart,
 * a rate limit) is reopened here, waiting longer after each failure. Returns the stop.
 */
export function watchGradebook(courseId: string, handlers: GradebookStreamHandlers): () => void {
  const url = `/api/v1/courses/${encodeURIComponent(courseId)}/gradebook/events`;
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let connectedBefore = false;
  let stopped = false;

  const open = () => {
    handlers.state(connectedBefore ? "reconnecting" : "connecting");
    const current = new EventSource(url);
    source = current;
    current.addEventListener("ready", () => {
      failures = 0;
      connectedBefore = true;
      handlers.state("live");
      handlers.ready();
    });
    current.addEventListener("cell", (event) => {
      let data: unknown;
      try {
        data = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return;
      }
      const cell = asCell(data);
      if (cell) handlers.cell(cell);
    });
    current.addEventListener("error", () => {
      if (stopped || source !== current) return;
      // A stream that was live is retried by the browser itself (still CONNECTING); anything
      // missed meanwhile is read again at the next `ready`.
      handlers.state(connectedBefore ? "reconnecting" : "connecting");
      if (current.readyState !== EventSource.CLOSED) return;
      current.close();
      const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)] ?? 60_000;
      failures++;
      // Spread out, so the pages a restart cut off do not all come back in the same instant.
      timer = setTimeout(open, wait * (0.75 + Math.random() / 2));
    });
  };

  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
    source = undefined;
  };
}
