import { randomUUID } from "node:crypto";
import {
  type AssignmentTutor,
  type ChatMessage,
  type ChatUsage,
  type Conversation,
  type ConversationQuery,
  type ConversationWithMessages,
  type CreateConversationRequest,
  languageName,
  type SendMessageRequest,
  type TutorPolicy,
} from "@codeground/sdk";
import type { Knex } from "knex";
import type { Logger } from "pino";
import type { z } from "zod";
import type { Learner } from "../../http/auth.js";
import { ApiError, fail } from "../../http/errors.js";
import type { Principal } from "../accounts/accounts.js";
import type { EmbedLimits } from "../embeds/embed-limits.js";
import type { CodeActor } from "../judging/execution-limit.js";
import type { Submissions } from "../judging/submissions.js";
import { canSeeProblem } from "../problems/problem-access.js";
import type { Problems } from "../problems/problems.js";
import { statementHtml } from "../problems/statement-html.js";
import { type Clock, iso } from "../shared/clock.js";
import type { RateLimit } from "../shared/throttle.js";
import { HISTORY_MESSAGES, type LastRun, type PastMessage, tutorMessages } from "./chat-context.js";
import type { LlmGateway, LlmRequest } from "./llm/index.js";
import { DEFAULT_USER_POLICY } from "./tutor-policy.js";

/** Chat messages per minute and actor, unless configured otherwise. */
export const DEFAULT_MESSAGES_PER_MINUTE = 20;
/** A reply longer than this is cut by the provider. */
export const MAX_REPLY_TOKENS = 1500;

interface ConversationRow {
  id: string;
  user_id: string | null;
  embed_id: string | null;
  learner_ref: string | null;
  problem_id: string | null;
  slug: string | null;
  created_at: string;
  updated_at: string;
}

/** A conversation with what a reply needs to know about its owner, read in one query. */
interface ReplyContextRow extends ConversationRow {
  user_tutor_policy: string | null;
  embed_features: string | null;
  embed_tutor_policy: string | null;
  embed_chat_sponsored: boolean | number | null;
  embed_owner_id: string | null;
  problem_title: string | null;
  problem_statement: string | null;
  problem_visibility: string | null;
  problem_author_id: string | null;
}

interface MessageRow {
  id: string;
  role: "user" | "assistant";
  content: string;
  code: string | null;
  language: string | null;
  usage: string | null;
  status: ChatMessage["status"] | null;
  created_at: string;
}

/** What an embed says about chat for its learners. */
interface EmbedChat {
  features: string[];
  tutorPolicy: TutorPolicy;
  sponsored: boolean;
  ownerId: string;
}

const notFound = () => fail.notFound("conversation_not_found", "No such conversation.");
const isId = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
const unauthenticated = () => fail.authentication("unauthenticated", "Sign in, or send an access token.");

/** Where the reply went: stored with this id and status; `error` when it did not complete. */
export interface TurnResult {
  messageId: string;
  usage: ChatUsage;
  status: ChatMessage["status"];
  error?: unknown;
}

/** One reply being made: prepared (and checked) before the response starts, then run. */
export interface Turn {
  userMessageId: string;
  run(options: {
    signal: AbortSignal;
    onText: (text: string) => void;
    /** The provider accepted the request (the reply is being made). */
    onDispatched?: () => void;
  }): Promise<TurnResult>;
}

export interface ChatDeps {
  db: Knex;
  clock: Clock;
  logger: Logger;
  llm?: LlmGateway | undefined;
  problems: Pick<Problems, "visibleTo">;
  submissions: Pick<Submissions, "list" | "get">;
  /** Counts messages per actor. */
  limit: RateLimit;
  messagesPerMinute?: number;
  /** The embeds' hourly ceilings on tutor messages, shared by all of an embed's learners. */
  embedLimits?: EmbedLimits | undefined;
  /**
   * How far the tutor may go while the actor works on an assignment (the one a message names, the
   * learner session's, a running timed attempt): `off`, `hints`, `open`; undefined for none.
   */
  assignmentTutor?:
    | ((actor: CodeActor, assignmentId: string | undefined) => Promise<AssignmentTutor | undefined>)
    | undefined;
}

/** Conversations with the AI tutor: stored, resumable, streamed one reply at a time. */
export function createChat({
  db,
  clock,
  logger,
  llm,
  problems,
  submissions,
  limit,
  messagesPerMinute = DEFAULT_MESSAGES_PER_MINUTE,
  embedLimits,
  assignmentTutor,
}: ChatDeps) {
  const log = logger.child({ component: "chat" });
  const now = () => iso(clock.now());

  const embedChatOf = (row: {
    features: string | null;
    tutor_policy: string | null;
    chat_sponsored: boolean | number | null;
    owner_id: string;
  }): EmbedChat => {
    let features: string[] = [];
    try {
      features = JSON.parse(row.features ?? "[]");
    } catch {
      features = [];
    }
    return {
      features,
      tutorPolicy: row.tutor_policy === "open" ? "open" : "hints",
      sponsored: row.chat_sponsored === true || row.chat_sponsored === 1,
      ownerId: row.owner_id,
    };
  };

  async function embedChat(learner: Learner): Promise<EmbedChat> {
    const row = await db("embeds").where({ id: learner.embedId }).first();
    if (!row) throw fail.authentication("invalid_learner_token", "This embed no longer exists.");
    return embedChatOf(row);
  }

  /** A learner may chat only where the embed offers the chat feature. */
  async function assertMayChat(actor: CodeActor, known?: EmbedChat): Promise<EmbedChat | undefined> {
    if (actor.principal) return undefined;
    if (!actor.learner) throw unauthenticated();
    const embed = known ?? (await embedChat(actor.learner));
    if (!embed.features.includes("chat")) {
      throw fail.authorization(
        "chat_not_enabled",
        "This embed does not offer the tutor; its owner can enable the chat feature in the embed's settings.",
      );
    }
    return embed;
  }

  function whereOwned(q: Knex.QueryBuilder, actor: CodeActor): Knex.QueryBuilder {
    if (actor.principal) return q.where("conversations.user_id", actor.principal.user.id);
    if (actor.learner) {
      return q
        .whereNull("conversations.user_id")
        .where("conversations.embed_id", actor.learner.embedId)
        .where("conversations.learner_ref", actor.learner.learnerRef);
    }
    throw unauthenticated();
  }

  async function conversationRow(actor: CodeActor, id: string): Promise<ConversationRow> {
    if (!isId(id)) throw notFound();
    const row: ConversationRow | undefined = await whereOwned(
      db("conversations")
        .leftJoin("problems", "problems.id", "conversations.problem_id")
        .where("conversations.id", id)
        .first("conversations.*", "problems.slug as slug"),
      actor,
    );
    if (!row) throw notFound();
    return row;
  }

  /**
   * The conversation (if the actor's), with the user's tutor policy, the embed's chat settings and
   * its problem's title, statement and access fields alongside: one query instead of four before a reply.
   */
  async function replyContextRow(actor: CodeActor, id: string): Promise<ReplyContextRow> {
    if (!isId(id)) throw notFound();
    const row: ReplyContextRow | undefined = await whereOwned(
      db("conversations")
        .leftJoin("problems", "problems.id", "conversations.problem_id")
        .leftJoin("user_preferences", "user_preferences.user_id", "conversations.user_id")
        .leftJoin("embeds", "embeds.id", "conversations.embed_id")
        .where("conversations.id", id)
        .first(
          "conversations.*",
          "problems.slug as slug",
          "user_preferences.tutor_policy as user_tutor_policy",
          "embeds.features as embed_features",
          "embeds.tutor_policy as embed_tutor_policy",
          "embeds.chat_sponsored as embed_chat_sponsored",
          "embeds.owner_id as embed_owner_id",
          "problems.title as problem_title",
          "problems.statement as problem_statement",
          "problems.visibility as problem_visibility",
          "problems.author_id as problem_author_id",
        ),
      actor,
    );
    if (!row) throw notFound();
    return row;
  }

  /** The last messages that can go along as history (empty failed replies left out), oldest first. */
  async function recentHistory(conversationId: string): Promise<PastMessage[]> {
    const rows: Pick<MessageRow, "role" | "content" | "code" | "language">[] = await db("messages")
      .where({ conversation_id: conversationId })
      .whereNot("content", "")
      .orderBy([
        { column: "created_at", order: "desc" },
        { column: "seq", order: "desc" },
      ])
      .limit(HISTORY_MESSAGES)
      .select("role", "content", "code", "language");
    return rows
      .reverse()
      .map((m) => ({ role: m.role, content: m.content, code: m.code, language: m.language }));
  }

  const conversationView = (row: ConversationRow): Conversation => ({
    id: row.id,
    problem: row.slug ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

  function messageView(row: MessageRow): ChatMessage {
    let usage: ChatUsage | null = null;
    if (row.usage) {
      try {
        const parsed = JSON.parse(row.usage);
        usage = {
          inputTokens: Number(parsed.inputTokens) || 0,
          outputTokens: Number(parsed.outputTokens) || 0,
        };
      } catch {
        usage = null;
      }
    }
    return {
      id: row.id,
      role: row.role,
      content: row.content,
      code: row.code ?? null,
      language: row.language ?? null,
      ...(row.role === "assistant"
        ? { html: statementHtml(`message:${row.id}:${row.content.length}`, row.content) }
        : {}),
      status: row.status ?? "complete",
      usage,
      createdAt: row.created_at,
    };
  }

  const messagesOf = (conversationId: string): Promise<MessageRow[]> =>
    db("messages")
      .where({ conversation_id: conversationId })
      .orderBy([{ column: "created_at" }, { column: "seq" }])
      .select("id", "role", "content", "code", "language", "usage", "status", "created_at");

  const userPolicy = (value: unknown): TutorPolicy =>
    value === "hints" || value === "open" ? value : DEFAULT_USER_POLICY;

  async function policyFor(actor: CodeActor, embed: EmbedChat | undefined): Promise<TutorPolicy> {
    if (embed) return embed.tutorPolicy;
    const userId = (actor.principal as Principal).user.id;
    const row = await db("user_preferences").where({ user_id: userId }).first("tutor_policy");
    return userPolicy(row?.tutor_policy);
  }

  /** Who pays for a learner's or user's reply: their own chat key, or a sponsoring embed's owner. */
  function payerOf(
    actor: CodeActor,
    embed: EmbedChat | undefined,
  ): Pick<LlmRequest, "payerUserId" | "embedId"> {
    if (actor.principal) return { payerUserId: actor.principal.user.id };
    const learner = actor.learner as Learner;
    if (!embed?.sponsored) {
      throw new ApiError(
        409,
        "external_service",
        "chat_not_sponsored",
        "The tutor is not available here: this course site does not provide an AI key for its learners. Ask the site's owner to sponsor the tutor.",
      );
    }
    return { payerUserId: embed.ownerId, embedId: learner.embedId };
  }

  /** The actor's latest submission to the problem: verdicts and sample tests only. */
  async function lastRunOf(actor: CodeActor, slug: string): Promise<LastRun | undefined> {
    const page = await submissions.list(actor, { problem: slug, limit: 1 });
    const latest = page.items[0];
    if (!latest) return undefined;
    const full = await submissions.get(actor, latest.id);
    return {
      language: full.language,
      verdict: full.verdict,
      message: full.message,
      passed: full.passed,
      total: full.total,
      samples: full.tests
        .filter((t) => t.sample)
        .map((t) => ({
          name: t.name,
          verdict: t.verdict,
          input: t.input,
          expected: t.expected,
          stdout: t.stdout,
          stderr: t.stderr,
        })),
    };
  }

  async function chargeMessage(actor: CodeActor) {
    const key = actor.principal
      ? `user:${actor.principal.user.id}`
      : `learner:${actor.learner?.embedId}:${actor.learner?.learnerRef}`;
    await limit.consume(key, messagesPerMinute);
    // The learner's own limit first: a learner over it does not use up the embed's hour.
    if (actor.learner) await embedLimits?.charge(actor.learner, "tutorMessages");
  }

  async function storeMessage(
    conversationId: string,
    message: Omit<MessageRow, "id" | "created_at">,
    id: string = randomUUID(),
  ) {
    const at = now();
    // Orders messages stored within the same millisecond (a clock may stand still).
    const last = await db("messages").where({ conversation_id: conversationId }).max({ seq: "seq" }).first();
    await db("messages").insert({
      id,
      conversation_id: conversationId,
      created_at: at,
      seq: Number(last?.seq ?? 0) + 1,
      ...message,
    });
    await db("conversations").where({ id: conversationId }).update({ updated_at: at });
    return id;
  }

  return {
    async create(actor: CodeActor, input: CreateConversationRequest): Promise<Conversation> {
      await assertMayChat(actor);
      const problem = input.problemSlug ? await problems.visibleTo(input.problemSlug, actor) : undefined;
      const id = randomUUID();
      const at = now();
      await db("conversations").insert({
        id,
        user_id: actor.principal?.user.id ?? null,
        embed_id: actor.principal ? null : (actor.learner?.embedId ?? null),
        learner_ref: actor.principal ? null : (actor.learner?.learnerRef ?? null),
        problem_id: problem?.id ?? null,
        created_at: at,
        updated_at: at,
      });
      log.info({ conversationId: id }, "conversation started");
      return conversationView(await conversationRow(actor, id));
    },

    async list(
      actor: CodeActor,
      query: z.output<typeof ConversationQuery>,
    ): Promise<{ items: Conversation[] }> {
      const q = whereOwned(
        db("conversations")
          .leftJoin("problems", "problems.id", "conversations.problem_id")
          .select("conversations.*", "problems.slug as slug"),
        actor,
      );
      if (query.problem) q.where("problems.slug", query.problem);
      const rows: ConversationRow[] = await q
        .orderBy([
          { column: "conversations.updated_at", order: "desc" },
          { column: "conversations.id", order: "desc" },
        ])
        .limit(query.limit);
      return { items: rows.map(conversationView) };
    },

    async get(actor: CodeActor, id: string): Promise<ConversationWithMessages> {
      const row = await conversationRow(actor, id);
      return { ...conversationView(row), messages: (await messagesOf(row.id)).map(messageView) };
    },

    /**
     * Checks everything that can be refused before a reply starts (conversation, feature, payer,
     * rate limit) and builds what the tutor is told; returns the reply to run. The learner's
     * message is stored while the provider works on the reply (see `run`).
     */
    async prepare(actor: CodeActor, id: string, input: SendMessageRequest): Promise<Turn> {
      // Independent reads at once; the history is used only once the conversation proved the actor's,
      // and a user's keys (read, not opened) only once everything below allowed the reply.
      let lookedAhead =
        actor.principal && llm?.lookAhead
          ? llm.lookAhead({ payerUserId: actor.principal.user.id, task: "chat" })
          : undefined;
      // Read alongside, but its refusal (an assignment not the actor's) only counts once the conversation is theirs.
      const reachRead = (assignmentTutor?.(actor, input.assignmentId) ?? Promise.resolve(undefined)).then(
        (reach) => ({ reach }),
        (error: unknown) => ({ error }),
      );
      const [conversation, history, reachOrError] = await Promise.all([
        replyContextRow(actor, id),
        isId(id) ? recentHistory(id) : Promise.resolve([]),
        reachRead,
      ]);
      if ("error" in reachOrError) throw reachOrError.error;
      const assignmentReach = reachOrError.reach;
      const embed = await assertMayChat(
        actor,
        conversation.embed_owner_id
          ? embedChatOf({
              features: conversation.embed_features,
              tutor_policy: conversation.embed_tutor_policy,
              chat_sponsored: conversation.embed_chat_sponsored,
              owner_id: conversation.embed_owner_id,
            })
          : undefined,
      );
      // An assignment's tutor setting comes before who would pay: with the tutor off, nothing is asked of anyone.
      if (assignmentReach === "off") {
        throw fail.authorization("tutor_off", "The tutor is off during this assignment.");
      }
      const payer = payerOf(actor, embed);
      if (!llm) {
        throw new ApiError(
          503,
          "external_service",
          "tutor_unavailable",
          "The AI tutor is not configured on this server.",
        );
      }
      const gateway = llm;
      // A sponsored learner's payer is known only now: their keys are read alongside what follows.
      lookedAhead ??= gateway.lookAhead?.({ ...payer, task: "chat" });
      // The learner's last run is read while the message is charged; it goes along only with a
      // problem the actor may still see.
      const slug = conversation.slug;
      const lastRunRead = slug ? lastRunOf(actor, slug).catch(() => undefined) : undefined;
      await chargeMessage(actor);
      const policy: TutorPolicy =
        assignmentReach === "hints"
          ? "hints"
          : embed
            ? embed.tutorPolicy
            : userPolicy(conversation.user_tutor_policy);
      let problem: { title: string; statement: string } | undefined;
      let lastRun: LastRun | undefined;
      if (
        slug &&
        conversation.problem_title !== null &&
        conversation.problem_statement !== null &&
        canSeeProblem(
          {
            slug,
            visibility: conversation.problem_visibility === "private" ? "private" : "public",
            authorId: conversation.problem_author_id,
          },
          actor,
        )
      ) {
        problem = { title: conversation.problem_title, statement: conversation.problem_statement };
        lastRun = await lastRunRead;
      }
      // The schema let through only a tag `Intl` can name: the prompt gets that name, never the tag.
      const replyLanguage = input.locale ? languageName(input.locale) : undefined;
      const messages = tutorMessages({ policy, problem, lastRun, history, message: input, replyLanguage });
      const userMessageId = randomUUID();
      let userStored: Promise<unknown> | undefined;
      const storeUserMessage = () => {
        userStored ??= storeMessage(
          conversation.id,
          {
            role: "user",
            content: input.content,
            code: input.code ?? null,
            language: input.language ?? null,
            usage: null,
            status: "complete",
          },
          userMessageId,
        );
        return userStored;
      };

      return {
        userMessageId,
        async run({ signal, onText, onDispatched }) {
          let text = "";
          let usage: ChatUsage = { inputTokens: 0, outputTokens: 0 };
          let status: ChatMessage["status"] = "complete";
          let error: unknown;
          // The learner's message is stored while the provider works on the reply (or once the
          // reply ended, if it never got that far), so storing does not delay it; if storing fails,
          // the call is cancelled and the turn fails: a reply is never kept without its question.
          const storeFailed = new AbortController();
          const whileProviderWorks = () => {
            storeUserMessage().catch(() => storeFailed.abort());
            onDispatched?.();
          };
          try {
            for await (const chunk of gateway.stream({
              ...payer,
              task: "chat",
              messages,
              signal: AbortSignal.any([signal, storeFailed.signal]),
              maxOutputTokens: MAX_REPLY_TOKENS,
              onDispatched: whileProviderWorks,
              ...(lookedAhead ? { lookedAhead } : {}),
            })) {
              if (chunk.type === "text") {
                text += chunk.text;
                onText(chunk.text);
              } else {
                usage = { inputTokens: chunk.usage.inputTokens, outputTokens: chunk.usage.outputTokens };
              }
            }
            if (signal.aborted) status = "aborted";
          } catch (err) {
            status = signal.aborted ? "aborted" : "failed";
            error = err;
          }
          // The question first (the provider may have failed before it was stored), then the reply.
          await storeUserMessage();
          const messageId = await storeMessage(conversation.id, {
            role: "assistant",
            content: text,
            code: null,
            language: null,
            usage: JSON.stringify(usage),
            status,
          });
          const fields = { conversationId: conversation.id, messageId, status };
          if (status === "failed") {
            const code = error instanceof ApiError ? error.code : "unexpected";
            log.warn({ ...fields, code }, "tutor reply failed");
          } else log.info(fields, "tutor replied");
          return { messageId, usage, status, ...(error !== undefined ? { error } : {}) };
        },
      };
    },

    async preferences(principal: Principal): Promise<{ tutorPolicy: TutorPolicy }> {
      return { tutorPolicy: await policyFor({ principal }, undefined) };
    },

    async setPreferences(
      principal: Principal,
      tutorPolicy: TutorPolicy,
    ): Promise<{ tutorPolicy: TutorPolicy }> {
      const userId = principal.user.id;
      const at = now();
      const updated = await db("user_preferences")
        .where({ user_id: userId })
        .update({ tutor_policy: tutorPolicy, updated_at: at });
      if (updated === 0) {
        try {
          await db("user_preferences").insert({
            user_id: userId,
            keys: "{}",
            tutor_policy: tutorPolicy,
            updated_at: at,
          });
        } catch {
          await db("user_preferences")
            .where({ user_id: userId })
            .update({ tutor_policy: tutorPolicy, updated_at: at });
        }
      }
      return { tutorPolicy };
    },
  };
}

export type Chat = ReturnType<typeof createChat>;
