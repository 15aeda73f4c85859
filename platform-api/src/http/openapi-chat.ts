import * as sdk from "@codeground/sdk";
import { z } from "zod";
import type { RouteDoc } from "./openapi.js";
import { streamCap } from "./openapi-submissions.js";

const API = "/api/v1";

const actors =
  "A signed-in user, or a learner inside an embed that offers the chat feature; either sees only their own conversations.";

/** The AI tutor's conversations, and feedback on submissions. */
export const chatRouteDocs: RouteDoc[] = [
  {
    method: "post",
    path: `${API}/chat/conversations`,
    tag: "chat",
    summary: "Start a conversation with the tutor, about a problem you may see or about none",
    description: actors,
    auth: "write",
    request: sdk.CreateConversationRequest,
    response: sdk.Conversation,
    status: 201,
  },
  {
    method: "get",
    path: `${API}/chat/conversations`,
    tag: "chat",
    summary: "Your conversations, most recently active first",
    auth: "read",
    query: sdk.ConversationQuery,
    response: sdk.ConversationList,
  },
  {
    method: "get",
    path: `${API}/chat/conversations/:id`,
    tag: "chat",
    summary: "One of your conversations with every message; replies carry sanitised HTML",
    auth: "read",
    response: sdk.ConversationWithMessages,
  },
  {
    method: "post",
    path: `${API}/chat/conversations/:id/messages`,
    tag: "chat",
    summary: "Send the tutor a message (with your current code) and stream its reply as Server-Sent Events",
    description:
      "`event: token` (`{ text }`) per piece of the reply, then `event: done` (`{ messageId, usage }`), or " +
      "`event: error` with the error object. A signed-in user pays with their chat key; an embed's learners " +
      "only where the embed sponsors the tutor, and within the embed's `tutorMessagesPerHour`, shared by all its " +
      "learners (429 `embed_tutor_limit`). Closing the stream cancels the reply (its partial text is kept). " +
      "While an assignment applies (the `assignmentId` sent, the learner session's, or a timed attempt of yours " +
      "still running), its tutor setting rules: `off` is 403 `tutor_off`, `hints` forces hints only. " +
      "`locale` (a BCP 47 tag such as `es` or `pt-BR`) asks for answers in that language; a tag that is " +
      "not well formed or names no known language is 400. " +
      streamCap,
    auth: "write",
    request: sdk.SendMessageRequest,
    response: z.string(),
    responseType: "text/event-stream",
    errors: [409, 429, 503],
  },
  {
    method: "get",
    path: `${API}/chat/preferences`,
    tag: "chat",
    summary: "How far the tutor goes for you on the portal: hints only, or open answers",
    auth: "read",
    response: sdk.ChatPreferences,
  },
  {
    method: "put",
    path: `${API}/chat/preferences`,
    tag: "chat",
    summary: "Choose hints-only or open answers from the tutor (embeds set their own policy)",
    auth: "write",
    request: sdk.UpdateChatPreferencesRequest,
    response: sdk.ChatPreferences,
  },
  {
    method: "post",
    path: `${API}/submissions/:id/feedback`,
    tag: "submissions",
    summary: "AI feedback on one of your judged submissions: a score, strengths and improvements",
    description:
      "Paid with your feedback key. The latest feedback is also returned with `GET /submissions/{id}`.",
    auth: "write",
    response: sdk.SubmissionFeedback,
    status: 201,
    errors: [409, 429, 502, 503],
  },
];
