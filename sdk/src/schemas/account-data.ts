import { z } from "zod";

const Section = z.array(z.looseObject({}));

/**
 * `GET /me/export`: everything kept about the account, one section per kind of record. Credentials
 * appear as what they are and when (never a token, hash or secret); submissions carry their code
 * and results, conversations their messages. Sections not named here are there too (`looseObject`).
 */
export const AccountExport = z.looseObject({
  format: z.literal("codeground-account-export"),
  version: z.literal(1),
  exportedAt: z.string(),
  profile: z.looseObject({ id: z.string(), email: z.string() }),
  sessions: Section,
  accessTokens: Section,
  keys: z.array(z.looseObject({ id: z.string(), name: z.string(), provider: z.string(), last4: z.string() })),
  submissions: z.array(z.looseObject({ id: z.string(), language: z.string(), code: z.string() })),
  conversations: z.array(z.looseObject({ id: z.string(), messages: Section })),
  courses: Section,
  auditLog: z.array(z.looseObject({ action: z.string(), createdAt: z.string() })),
  mail: Section,
});
export type AccountExport = z.infer<typeof AccountExport>;
