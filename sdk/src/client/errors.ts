import type { ErrorType } from "../schemas/errors.js";

/** The root of every error the client throws (a cancelled call rejects with the signal's reason instead). */
export class CodegroundError extends Error {
  /** The `X-Request-Id` of the response, when there was one: quote it when asking for help. */
  readonly requestId: string | undefined;

  constructor(message: string, options: { requestId?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.requestId = options.requestId;
  }
}

export interface ApiErrorInit {
  status: number;
  type: ErrorType;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string | undefined;
  headers?: Headers | undefined;
}

/** The API answered with an error: `{ error: { type, code, message, details?, requestId } }`. */
export class ApiError extends CodegroundError {
  /** The HTTP status (for an error inside an event stream: the status that error type has). */
  readonly status: number;
  readonly type: ErrorType;
  /** A stable, machine-readable reason, e.g. `invalid_token` or `problem_not_found`. */
  readonly code: string;
  readonly details: unknown;
  /** The response's headers, when the error came from a response. */
  readonly headers: Headers | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message, { requestId: init.requestId });
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.details = init.details;
    this.headers = init.headers;
  }
}

/** 401: no credential, or one that is not valid or has expired. */
export class AuthenticationError extends ApiError {}
/** 403: signed in, but not allowed (role, token scope, origin). */
export class PermissionError extends ApiError {}
/** 400 (also 413, 415): the request is not valid; `details` says which fields. */
export class ValidationError extends ApiError {}
/** 404 */
export class NotFoundError extends ApiError {}
/** 409: the request conflicts with the current state, e.g. a slug already taken. */
export class ConflictError extends ApiError {}
/** 5xx of type `external_service`: an AI provider or the sandbox failed or is unavailable. */
export class ExternalServiceError extends ApiError {}
/** 5xx of type `internal`, or a 5xx without the API's error body (e.g. from a proxy). */
export class InternalServerError extends ApiError {}

/** 429: too many requests; wait `retryAfter` seconds. */
export class RateLimitError extends ApiError {
  /** Seconds to wait before trying again, from `Retry-After` (or the error's details). */
  readonly retryAfter: number | undefined;

  constructor(init: ApiErrorInit & { retryAfter?: number | undefined }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}

/** The request never got an answer: DNS, refused or reset connection, a stream cut short. */
export class ConnectionError extends CodegroundError {}

/** No answer within the client's `timeoutMs`. */
export class TimeoutError extends ConnectionError {}

/** A 2xx answer that is not what the API's schema says: a version mismatch or a proxy in the way. */
export class ResponseValidationError extends CodegroundError {
  readonly status: number;
  /** What did not match (zod's issues). */
  readonly issues: readonly { path: readonly PropertyKey[]; message: string }[];

  constructor(
    message: string,
    init: {
      status: number;
      requestId?: string | undefined;
      issues?: readonly { path: readonly PropertyKey[]; message: string }[];
      cause?: unknown;
    },
  ) {
    super(message, { requestId: init.requestId, cause: init.cause });
    this.status = init.status;
    this.issues = init.issues ?? [];
  }
}

const STATUS_OF_TYPE: Record<ErrorType, number> = {
  validation: 400,
  authentication: 401,
  authorization: 403,
  not_found: 404,
  conflict: 409,
  rate_limit: 429,
  external_service: 502,
  internal: 500,
};

const TYPE_OF_STATUS: Record<number, ErrorType> = {
  400: "validation",
  401: "authentication",
  403: "authorization",
  404: "not_found",
  409: "conflict",
  413: "validation",
  415: "validation",
  422: "validation",
  429: "rate_limit",
  502: "external_service",
  503: "external_service",
  504: "external_service",
};

/** The conventional status of an error type, for errors that arrive inside an event stream. */
export const statusOfType = (type: ErrorType): number => STATUS_OF_TYPE[type];

/** The error type a status has when the body does not say (e.g. a proxy's HTML error page). */
export const typeOfStatus = (status: number): ErrorType =>
  TYPE_OF_STATUS[status] ?? (status >= 500 ? "internal" : "validation");

/** The error class for an API error, chosen by its `type`. */
export function apiErrorFor(init: ApiErrorInit & { retryAfter?: number | undefined }): ApiError {
  switch (init.type) {
    case "authentication":
      return new AuthenticationError(init);
    case "authorization":
      return new PermissionError(init);
    case "validation":
      return new ValidationError(init);
    case "not_found":
      return new NotFoundError(init);
    case "conflict":
      return new ConflictError(init);
    case "rate_limit":
      return new RateLimitError(init);
    case "external_service":
      return new ExternalServiceError(init);
    case "internal":
      return new InternalServerError(init);
    default:
      return new ApiError(init);
  }
}
