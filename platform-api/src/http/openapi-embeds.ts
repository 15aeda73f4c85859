import * as sdk from "@codeground/sdk";
import { z } from "zod";
import type { RouteDoc } from "./openapi.js";

const API = "/api/v1";

/** Embeds as their owners configure them, learner sessions, and the frames the widget loads. */
export const embedRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: `${API}/embeds`,
    tag: "embeds",
    summary: "Your embeds (never their secret keys)",
    auth: "read",
    response: sdk.EmbedList,
  },
  {
    method: "post",
    path: `${API}/embeds`,
    tag: "embeds",
    summary: "Create an embed (authors and admins); its secret key is in this response only",
    description:
      "Allowed origins are exact origins (`https://course.example.edu`) or `https://*.example.edu` patterns " +
      "(subdomains only). The webhook URL must reach a public address over https. `chat.sponsored` makes " +
      "your chat key pay for learners' tutor replies (it needs a key in your vault: 400 `chat_key_required` " +
      "otherwise), up to `chat.monthlyTokenBudget` tokens a calendar month (UTC). `runsPerHour`, " +
      "`submissionsPerHour` and `tutorMessagesPerHour` (1 to 100000; null or left out: 600, 300 and 300) cap " +
      "what all the embed's learners together may do in an hour, however many learner sessions they start. " +
      "Needs a verified email address (403 `email_unverified`).",
    auth: "write",
    request: sdk.CreateEmbedRequest,
    response: sdk.EmbedWithSecret,
    status: 201,
    errors: [409],
  },
  {
    method: "get",
    path: `${API}/embeds/:id`,
    tag: "embeds",
    summary: "One of your embeds",
    auth: "read",
    response: sdk.Embed,
  },
  {
    method: "patch",
    path: `${API}/embeds/:id`,
    tag: "embeds",
    summary:
      "Change an embed's name, origins, features, problems, limits, webhook, tutor policy or tutor sponsorship",
    description:
      "Fields left out stay as they are, inside `chat` too; `chat.monthlyTokenBudget: null` removes the budget. " +
      "Starting to sponsor the tutor needs a key in your vault (400 `chat_key_required`). Sponsorship changes " +
      "are audited as `embed.chat_sponsorship_changed`. `null` puts an hourly ceiling (`runsPerHour`, " +
      "`submissionsPerHour`, `tutorMessagesPerHour`) back to its default; a new ceiling applies at once.",
    auth: "write",
    request: sdk.UpdateEmbedRequest,
    response: sdk.Embed,
  },
  {
    method: "delete",
    path: `${API}/embeds/:id`,
    tag: "embeds",
    summary: "Delete an embed, with its learner sessions and webhook deliveries",
    auth: "write",
  },
  {
    method: "post",
    path: `${API}/embeds/:id/rotate-secret`,
    tag: "embeds",
    summary:
      "Replace the embed's secret key; the new one is in this response only, the old one stops working",
    auth: "write",
    response: sdk.EmbedWithSecret,
  },
  {
    method: "get",
    path: `${API}/embeds/:id/deliveries`,
    tag: "embeds",
    summary: "The embed's recent webhook deliveries, newest first",
    auth: "read",
    response: sdk.WebhookDeliveryList,
  },
  {
    method: "post",
    path: `${API}/embed/sessions`,
    tag: "embeds",
    summary: "Start a learner session inside an embed",
    description:
      "Send `X-Embed-Key: pk_…` from a page on one of the embed's allowed origins. Without `learnerToken` the " +
      "learner is anonymous per browser (`anonymousId`); with it (HS256, signed with the embed's secret key) the " +
      "learner is the token's `sub`. The answer's `token` (`cgl_…`) works on problems, runs, submissions, assignments " +
      "and chat. With `assignment` (an assignment of the embed's course, else 404 `assignment_not_found`) the " +
      "learner's submissions count for it by default and the tutor follows its setting. " +
      "Sessions started per 10 minutes are limited per client address (429 `too_many_sessions`) and per embed " +
      "(429 `embed_session_limit`), with `Retry-After`.",
    auth: "public",
    request: sdk.CreateEmbedSessionRequest,
    response: sdk.EmbedSession,
    status: 201,
    errors: [401, 403, 404, 429],
  },
  {
    method: "post",
    path: `${API}/embed/key-grants`,
    tag: "embeds",
    summary: "Let an embed's keys manager manage your key vault for an hour",
    description:
      "For the Codeground window the keys frame opens (the frame itself cannot use the SameSite=Strict " +
      "cookie): only a session signed in by the portal's cookie, from our own `Origin`; any bearer token or " +
      "learner token is a 403 `session_required`. `origin` is the host page's, and must be one of the embed's " +
      "allowed origins (403 `origin_not_allowed`); the embed must offer `keys` (403 `keys_not_enabled`); an " +
      "unknown publishable key is a 404 `embed_not_found`. The answer's `token` (`cgp_…`, shown once, not " +
      "cached: `Cache-Control: no-store`) is an access token named `Keys manager on <origin>` with the scopes " +
      "`keys` and `keys:write` only, for one hour: the key vault, `/me/preferences` and `GET /me` (whose " +
      "vault it is), nothing else. It is listed in `GET /me/tokens`, revocable there, and may revoke itself. " +
      "Audited as `embed.keys_granted` (a refusal as `embed.keys_grant_refused`).",
    auth: "cookie",
    request: sdk.KeyGrantRequest,
    response: sdk.KeyGrant,
    status: 201,
  },
  {
    method: "get",
    path: "/embed/:publishableKey/:element",
    tag: "embeds",
    summary: "The page the widget frames (`problem`, `chat`, `keys`), framable only by the embed's origins",
    description:
      "HTML with a nonce-based Content-Security-Policy whose `frame-ancestors` are the embed's allowed origins.",
    auth: "public",
    query: z.object({ problem: sdk.Slug.optional() }),
    response: z.string(),
    responseType: "text/html",
  },
];
