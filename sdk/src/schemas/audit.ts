import { z } from "zod";

/** `GET /audit` query: a cursor (`before` an event id) and a page size. */
export const AuditQuery = z.object({
  before: z.coerce.number().int().positive().optional().describe("Events older than this id (cursor)."),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.input<typeof AuditQuery>;

export const AuditEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorType: z.enum(["user", "system", "anonymous", "embed"]),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditPage = z.object({ events: z.array(AuditEvent), nextBefore: z.number().int().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

/** The hash-chain check: where it broke, if it did. */
export const AuditVerification = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  firstBadId: z.number().int().optional(),
  reason: z.string().optional(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
