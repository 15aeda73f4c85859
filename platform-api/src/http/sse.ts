import { PassThrough } from "node:stream";
import type { Context } from "koa";

export interface EventStream {
  send(event: string, data: unknown): void;
  close(): void;
  /** Resolves when the stream ends, by either side. */
  readonly closed: Promise<void>;
}

/**
 * Turns the response into a Server-Sent Events stream: `event:` + one JSON `data:` line per
 * event, a comment line every `heartbeatMs` so proxies keep the connection open.
 */
export function openEventStream(ctx: Context, { heartbeatMs = 15_000 } = {}): EventStream {
  const stream = new PassThrough();
  ctx.req.socket.setTimeout(0);
  ctx.req.socket.setNoDelay(true);
  ctx.status = 200;
  ctx.type = "text/event-stream; charset=utf-8";
  ctx.set("Cache-Control", "no-cache, no-transform");
  ctx.set("X-Accel-Buffering", "no");
  ctx.body = stream;
  let open = true;
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const heartbeat = setInterval(() => {
    if (open) stream.write(": keep-alive\n\n");
  }, heartbeatMs);
  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    stream.end();
    markClosed();
  };
  // The response closing is the client leaving; the request closes as soon as its body is read.
  ctx.res.on("close", close);
  stream.on("close", close);
  return {
    send(event, data) {
      if (open) stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close,
    closed,
  };
}
