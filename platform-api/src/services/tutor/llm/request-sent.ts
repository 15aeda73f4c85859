import { Dispatcher } from "undici";

type SentHook = Dispatcher.DispatchHandler & { onRequestSent?: () => void };

/**
 * A dispatcher that calls `onSent` once a request (headers and body) has been written to its
 * connection, then leaves the rest to `base`. Work that can wait for the reply waits for this, not
 * for a guess: before it, the request may still be on its way through the client and the pool.
 */
export class RequestSentDispatcher extends Dispatcher {
  constructor(
    private readonly base: Dispatcher,
    private readonly onSent: () => void,
  ) {
    super();
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const onSent = this.onSent;
    // The caller's handler keeps its own state (`this`) through the prototype; only the hook undici
    // calls once the request is written (not in its types) is added.
    const given = handler as SentHook;
    const watching: SentHook = Object.create(handler);
    watching.onRequestSent = () => {
      given.onRequestSent?.call(watching);
      onSent();
    };
    return this.base.dispatch(options, watching);
  }
}
