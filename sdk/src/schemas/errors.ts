import { z } from "zod";

/** The error `type`s of the wire format; the SDK maps each to an error class. */
export const ErrorType = z.enum([
  "authentication",
  "authorization",
  "validation",
  "not_found",
  "conflict",
  "rate_limit",
  "external_service",
  "internal",
]);
export type ErrorType = z.infer<typeof ErrorType>;

/** Every error response: HTTP status + this body, and `X-Request-Id` on the response. */
export const ErrorBody = z.object({
  error: z.object({
    type: ErrorType,
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
