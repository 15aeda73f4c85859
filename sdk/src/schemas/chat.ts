import { z } from "zod";
import { AssignmentId } from "./assignments.js";
import { TutorPolicy } from "./embeds.js";
import { LanguageId, Slug } from "./problems.js";

/** Longest learner message (characters). */
export const MAX_CHAT_MESSAGE_LENGTH = 8000;
/** Longest code sent along with a message (characters), as for a submission. */
const MAX_CHAT_CODE_LENGTH = 64 * 1024;

/** `POST /chat/conversations`: a conversation with the tutor, about one problem or none. */
export const CreateConversationRequest = z.object({ problemSlug: Slug.optional() }).strict();
export type CreateConversationRequest = z.infer<typeof CreateConversationRequest>;

/** `GET /chat/conversations` query: your own conversations, most recently active first. */
export const ConversationQuery = z.object({
  problem: Slug.optional().describe("Only conversations about this problem (its slug)."),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ConversationQuery = z.input<typeof ConversationQuery>;

/** Tokens a reply cost, as the provider counted them. */
export const ChatUsage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
});
export type ChatUsage = z.infer<typeof ChatUsage>;

/**
 * One message. `status` is `complete`, or for a reply cut short `aborted` (the learner left) or
 * `failed` (the provider failed): the partial text is kept. Replies carry `html`: their Markdown
 * rendered and sanitised, safe to insert into a page.
 */
export const ChatMessage = z.object({
  id: z.string(),
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  code: z.string().nullable(),
  language: z.string().nullable(),
  html: z.string().optional(),
  status: z.enum(["complete", "aborted", "failed"]),
  usage: ChatUsage.nullable(),
  createdAt: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const Conversation = z.object({
  id: z.string(),
  /** The problem's slug; null for a conversation about no problem (or one since deleted). */
  problem: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Conversation = z.infer<typeof Conversation>;

/** `GET /chat/conversations/:id`: the conversation with every message, oldest first. */
export const ConversationWithMessages = Conversation.extend({ messages: z.array(ChatMessage) });
export type ConversationWithMessages = z.infer<typeof ConversationWithMessages>;

export const ConversationList = z.object({ items: z.array(Conversation) });
export type ConversationList = z.infer<typeof ConversationList>;

/** Longest interface locale a message may name (a language, script and region fit in far fewer). */
export const MAX_LOCALE_LENGTH = 35;
const LOCALE_SHAPE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

/**
 * The English name of a language tag's language ("es" → "Spanish", "pt-BR" → "Brazilian
 * Portuguese"), or of its language alone when the rest is unknown ("es-QQ" → "Spanish");
 * undefined for a tag that is not well formed or a language `Intl` does not know.
 */
export function languageName(tag: string): string | undefined {
  if (tag.length > MAX_LOCALE_LENGTH || !LOCALE_SHAPE.test(tag)) return undefined;
  let canonical: string;
  try {
    [canonical = ""] = Intl.getCanonicalLocales(tag);
  } catch {
    return undefined;
  }
  const names = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
  const name = (candidate: string) => {
    try {
      return names.of(candidate);
    } catch {
      return undefined;
    }
  };
  return name(canonical) ?? name(canonical.split("-")[0] ?? "");
}

/** A learner's interface language as a BCP 47 tag (`es`, `pt-BR`, `zh-CN`), one `Intl` can name. */
export const LocaleTag = z
  .string()
  .max(MAX_LOCALE_LENGTH, `a locale is at most ${MAX_LOCALE_LENGTH} characters`)
  .regex(LOCALE_SHAPE, "a language tag such as es, pt-BR or zh-CN")
  .refine((tag) => languageName(tag) !== undefined, "a language tag of a known language, such as es or fr");

/** `POST /chat/conversations/:id/messages`: the learner's message, with their current code. */
export const SendMessageRequest = z
  .object({
    content: z
      .string()
      .trim()
      .min(1, "write a message")
      .max(MAX_CHAT_MESSAGE_LENGTH, `a message is limited to ${MAX_CHAT_MESSAGE_LENGTH} characters`),
    code: z
      .string()
      .max(MAX_CHAT_CODE_LENGTH, `code is limited to ${MAX_CHAT_CODE_LENGTH} characters`)
      .optional(),
    language: LanguageId.optional(),
    /** The assignment being worked on: the tutor follows its setting (off, hints only, or open). */
    assignmentId: AssignmentId.optional(),
    /** The learner's interface language: the tutor answers in it. */
    locale: LocaleTag.optional(),
  })
  .strict();
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

/** `event: token` of the reply stream: the next piece of the reply. */
export const ChatTokenEvent = z.object({ text: z.string() });
export type ChatTokenEvent = z.infer<typeof ChatTokenEvent>;

/** `event: done` of the reply stream: the stored reply's id and what it cost. */
export const ChatDoneEvent = z.object({ messageId: z.string(), usage: ChatUsage });
export type ChatDoneEvent = z.infer<typeof ChatDoneEvent>;

/** `GET|PUT /chat/preferences`: how far the tutor goes for you on the portal (embeds set their own). */
export const ChatPreferences = z.object({ tutorPolicy: TutorPolicy });
export type ChatPreferences = z.infer<typeof ChatPreferences>;
export const UpdateChatPreferencesRequest = ChatPreferences.strict();

/** AI feedback on a judged submission (`POST /submissions/:id/feedback`). */
export const SubmissionFeedback = z.object({
  /** 0–100: how good the solution is, all things considered. */
  score: z.number().int().min(0).max(100),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
  createdAt: z.string(),
});
export type SubmissionFeedback = z.infer<typeof SubmissionFeedback>;
