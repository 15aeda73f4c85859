import { ConnectionError } from "./errors.js";
import type { Call, HttpClient, RequestOptions } from "./http.js";
import { readServerSentEvents, type ServerSentEvent } from "./sse.js";

/**
 * The events of an event-stream call. Leaving the loop early, or aborting the signal, ends the
 * HTTP request; a stream cut by the network throws `ConnectionError`.
 */
export async function* serverSentEvents(
  http: HttpClient,
  call: Call<unknown>,
  options: RequestOptions = {},
): AsyncGenerator<ServerSentEvent & { requestId: string | undefined }, void, undefined> {
  const open = await http.stream(
    { ...call, headers: { Accept: "text/event-stream", ...call.headers } },
    options,
  );
  const body = open.response.body as ReadableStream<Uint8Array>;
  try {
    for await (const event of readServerSentEvents(body)) yield { ...event, requestId: open.requestId };
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason;
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConnectionError(`The event stream of ${call.method} ${call.path} broke: ${reason}`, {
      requestId: open.requestId,
      cause: err,
    });
  } finally {
    open.close();
  }
}
