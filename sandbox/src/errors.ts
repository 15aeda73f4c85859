import type { ErrorType } from "./schemas.js";

/**
 * An error meant for the caller: it carries the HTTP status and the error `type`/`code`
 * of the wire format, so the HTTP layer and the HTTP client map it both ways unchanged.
 */
export class SandboxError extends Error {
  readonly status: number;
  readonly type: ErrorType;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, type: ErrorType, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "SandboxError";
    this.status = status;
    this.type = type;
    this.code = code;
    this.details = details;
  }
}

export class ValidationError extends SandboxError {
  constructor(code: string, message: string, details?: unknown) {
    super(400, "validation", code, message, details);
    this.name = "ValidationError";
  }
}

/** Every slot busy and the queue full: try again after `retryAfter` seconds. */
export class OverloadedError extends SandboxError {
  readonly retryAfter: number;

  constructor(retryAfter: number, message = "The sandbox is at capacity; try again shortly.") {
    super(429, "rate_limit", "overloaded", message, { retryAfter });
    this.name = "OverloadedError";
    this.retryAfter = retryAfter;
  }
}

/** The Docker engine or an image is missing: an operator must act. */
export class EngineUnavailableError extends SandboxError {
  constructor(code: string, message: string, details?: unknown) {
    super(503, "external_service", code, message, details);
    this.name = "EngineUnavailableError";
  }
}

/** The node is stopping: it finishes the runs it accepted and takes no new one; send this run elsewhere. */
export class NodeDrainingError extends SandboxError {
  readonly retryAfter: number;

  constructor(retryAfter: number) {
    super(
      503,
      "external_service",
      "node_draining",
      "This sandbox node is shutting down and takes no new runs; send the run to another node or try again shortly.",
      { retryAfter },
    );
    this.name = "NodeDrainingError";
    this.retryAfter = retryAfter;
  }
}

/** The node stopped (drain time up, or a second signal) before this run finished: nothing was judged. */
export class RunAbandonedError extends SandboxError {
  constructor() {
    super(
      503,
      "external_service",
      "run_abandoned",
      "The sandbox node stopped before this run finished; nothing was judged, so run it again on another node.",
    );
    this.name = "RunAbandonedError";
  }
}
