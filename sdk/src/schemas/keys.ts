import { z } from "zod";

/** The AI providers a vault key can be for. */
export const KeyProvider = z.enum(["openai", "anthropic", "google", "azure-openai", "openai-compatible"]);
export type KeyProvider = z.infer<typeof KeyProvider>;

/**
 * Whether a provider's keys need a base URL. Azure OpenAI and OpenAI-compatible endpoints live at a
 * per-customer address, so they need one; OpenAI, Anthropic and Google keys always go to the
 * provider's own endpoint and take none (a key for another endpoint is an "openai-compatible" key).
 */
export const providerNeedsBaseUrl = (provider: KeyProvider): boolean =>
  provider === "azure-openai" || provider === "openai-compatible";

const printable = /^[^\p{Cc}]*$/u;

export const KeyName = z
  .string()
  .trim()
  .min(1, "give the key a name")
  .max(100, "use at most 100 characters")
  .regex(printable, "leave out control characters");

export const KeyModel = z
  .string()
  .trim()
  .min(1, "name a model, or leave the field out")
  .max(255, "use at most 255 characters")
  .regex(printable, "leave out control characters");

/**
 * A provider API key as pasted: surrounding whitespace is dropped; inside, printable ASCII only
 * (every provider's keys are), since it travels in an HTTP header.
 */
export const KeySecret = z
  .string()
  .trim()
  .min(1, "paste the key")
  .max(4096, "a key is at most 4096 characters")
  .regex(/^[\x21-\x7e]+$/, "a key has no spaces, line breaks or non-ASCII characters inside");

/**
 * A provider base URL, normalised to origin + path without a trailing slash. Only its shape is
 * checked here; the server also refuses hosts on private networks (see the API's README).
 */
export const ProviderBaseUrl = z
  .string()
  .trim()
  .min(1, "enter a URL such as https://example.com/v1")
  .max(2048, "use at most 2048 characters")
  .transform((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
      ctx.addIssue({ code: "custom", message: "enter an https:// URL such as https://example.com/v1" });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.addIssue({
        code: "custom",
        message: "leave credentials out of the URL; the key goes in the secret",
      });
      return z.NEVER;
    }
    if (url.search || url.hash || value.includes("?") || value.includes("#")) {
      ctx.addIssue({ code: "custom", message: "leave out the ?query and #fragment" });
      return z.NEVER;
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  });

/** An expiry date with a time zone (`2027-01-31T00:00:00Z`), stored and answered in UTC. */
export const KeyExpiry = z.iso
  .datetime({ offset: true, message: "use an ISO 8601 date and time, e.g. 2027-01-31T00:00:00Z" })
  .transform((value) => new Date(value).toISOString());

/** Tokens (in + out) a key may spend per calendar month (UTC); the tutor stops using it beyond. */
export const MonthlyTokenBudget = z
  .number()
  .int("use a whole number of tokens")
  .min(1, "a budget is at least 1 token; leave it out (or null) for no limit")
  .max(2_000_000_000, "use at most 2,000,000,000 tokens");

const checkBaseUrlForProvider = (
  value: { provider: KeyProvider; baseUrl?: string | undefined },
  ctx: z.RefinementCtx,
) => {
  if (providerNeedsBaseUrl(value.provider) && !value.baseUrl) {
    ctx.addIssue({ code: "custom", path: ["baseUrl"], message: `${value.provider} keys need a base URL` });
  }
  if (!providerNeedsBaseUrl(value.provider) && value.baseUrl) {
    ctx.addIssue({
      code: "custom",
      path: ["baseUrl"],
      message: `${value.provider} keys always use the provider's own endpoint; for another endpoint choose "openai-compatible"`,
    });
  }
};

export const CreateKeyRequest = z
  .object({
    name: KeyName,
    provider: KeyProvider,
    model: KeyModel.optional(),
    secret: KeySecret,
    baseUrl: ProviderBaseUrl.optional(),
    expiresAt: KeyExpiry.optional(),
    monthlyTokenBudget: MonthlyTokenBudget.optional(),
  })
  .strict()
  .superRefine(checkBaseUrlForProvider);
export type CreateKeyRequest = z.input<typeof CreateKeyRequest>;

/** What a PATCH may change; `null` clears. The provider is fixed: add a new key for another one. */
export const UpdateKeyRequest = z
  .object({
    name: KeyName.optional(),
    model: KeyModel.nullable().optional(),
    secret: KeySecret.optional(),
    baseUrl: ProviderBaseUrl.nullable().optional(),
    expiresAt: KeyExpiry.nullable().optional(),
    monthlyTokenBudget: MonthlyTokenBudget.nullable().optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: "send at least one field to change" });
export type UpdateKeyRequest = z.input<typeof UpdateKeyRequest>;

/** What a key has been used for this calendar month (UTC): tutor and feedback calls it paid for. */
export const KeyUsage = z.object({
  requests: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
});
export type KeyUsage = z.infer<typeof KeyUsage>;

/** A key as the API shows it: never the secret, only its last four characters and a fingerprint. */
export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  provider: KeyProvider,
  model: z.string().nullable(),
  /** The custom endpoint (azure-openai, openai-compatible); not a secret, though stored encrypted. */
  baseUrl: z.string().nullable(),
  /** "" for keys shorter than 12 characters, where four would give away too much. */
  last4: z.string(),
  fingerprint: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string().nullable(),
  expired: z.boolean(),
  lastUsedAt: z.string().nullable(),
  usage: KeyUsage,
  /** Tokens (in + out) the key may spend per calendar month (UTC); null: no limit. */
  monthlyTokenBudget: z.number().int().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const VerifyKeyResponse = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  message: z.string().optional(),
});
export type VerifyKeyResponse = z.infer<typeof VerifyKeyResponse>;

/** The tasks a vault key can serve. */
export const KeyTask = z.enum(["chat", "feedback"]);
export type KeyTask = z.infer<typeof KeyTask>;

export const Preferences = z.object({
  keys: z.object({ chat: z.string().nullable(), feedback: z.string().nullable() }),
});
export type Preferences = z.infer<typeof Preferences>;

const KeyId = z.string().trim().min(1).max(64);

/** Sets which key serves which task: a key id sets, `null` clears, a task left out keeps its key. */
export const UpdatePreferencesRequest = z
  .object({
    keys: z.object({ chat: KeyId.nullable().optional(), feedback: KeyId.nullable().optional() }).strict(),
  })
  .strict();
export type UpdatePreferencesRequest = z.input<typeof UpdatePreferencesRequest>;
