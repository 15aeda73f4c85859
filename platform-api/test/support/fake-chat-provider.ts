import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake does with the next chat request; requests without a script entry answer normally. */
export type ChatBehaviour =
  | { kind: "ok" }
  | { kind: "status"; status: number; retryAfter?: string }
  /** Waits this long before answering at all (connect + first token). */
  | { kind: "slow"; delayMs: number }
  /** Sends this many tokens, then nothing more, keeping the connection open. */
  | { kind: "stall"; afterTokens: number }
  /** Streams the reply without the final usage chunk (as some servers do). */
  | { kind: "no-usage" }
  /** Redirects to `location` (a client must not follow it). */
  | { kind: "redirect"; location: string };

export interface ChatRequestSeen {
  path: string;
  headers: IncomingHttpHeaders;
  body: {
    model?: string;
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
    max_tokens?: number;
    messages?: { role: string; content: string }[];
  };
  /** The client closed the connection before the reply ended. */
  closedEarly: boolean;
}

export interface FakeChatProvider {
  /** `http://127.0.0.1:<port>`: OpenAI-compatible base `${url}/v1`, Azure endpoint `${url}`. */
  url: string;
  requests: ChatRequestSeen[];
  /** Accepted keys (Bearer, or Azure's `api-key`); others get 401 quoting the key, as providers do. */
  keys: Set<string>;
  /** Behaviours for the next requests, first in first out. */
  script: ChatBehaviour[];
  /** The streamed reply, token by token. */
  reply: string[];
  usage: { prompt_tokens: number; completion_tokens: number };
  /** Resolves when a request's connection closes early (the client went away). */
  closedEarly(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A model server on loopback speaking the OpenAI chat-completions protocol at the paths each
 * provider uses: `/v1/chat/completions` (OpenAI, Anthropic's compatible endpoint, llama.cpp …),
 * `/v1beta/openai/chat/completions` (Google), `/openai/deployments/<name>/chat/completions`
 * (Azure, `api-key` header and `api-version` query). Streaming answers are SSE `data:` chunks,
 * a final usage chunk when asked for, and `data: [DONE]`.
 */
export async function startFakeChatProvider(options: { keys?: string[] } = {}): Promise<FakeChatProvider> {
  const keys = new Set(options.keys ?? []);
  const requests: ChatRequestSeen[] = [];
  const script: ChatBehaviour[] = [];
  const waiters: (() => void)[] = [];
  const state = {
    reply: ["Try ", "reading ", "the ", "input ", "first."],
    usage: { prompt_tokens: 21, completion_tokens: 5 },
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: ChatRequestSeen["body"] = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
      } catch {}
      const seen: ChatRequestSeen = {
        path: `${url.pathname}${url.search}`,
        headers: req.headers,
        body,
        closedEarly: false,
      };
      requests.push(seen);
      res.on("close", () => {
        if (!res.writableFinished) {
          seen.closedEarly = true;
          for (const wake of waiters.splice(0)) wake();
        }
      });
      const azure = /^\/openai\/deployments\/[^/]+\/chat\/completions$/.test(url.pathname);
      const route =
        req.method === "POST" &&
        (azure ||
          url.pathname === "/v1/chat/completions" ||
          url.pathname === "/v1beta/openai/chat/completions");
      if (!route) return json(res, 404, { error: { message: `no route for ${req.method} ${url.pathname}` } });
      if (azure && !url.searchParams.get("api-version")) {
        return json(res, 400, { error: { message: "api-version is required" } });
      }
      const header = (name: string) => {
        const v = req.headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      const presented = azure
        ? (header("api-key") ?? "")
        : (/^Bearer (.+)$/.exec(header("authorization") ?? "")?.[1] ?? "");
      if (!keys.has(presented)) {
        return json(res, 401, {
          error: { message: `Incorrect API key provided: ${presented}`, type: "invalid_key" },
        });
      }
      const behaviour = script.shift() ?? { kind: "ok" };
      void answer(res, body, behaviour, state);
    });
  });
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    keys,
    script,
    get reply() {
      return state.reply;
    },
    set reply(value) {
      state.reply = value;
    },
    get usage() {
      return state.usage;
    },
    set usage(value) {
      state.usage = value;
    },
    closedEarly: () => new Promise<void>((resolve) => waiters.push(resolve)),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answer(
  res: ServerResponse,
  body: ChatRequestSeen["body"],
  behaviour: ChatBehaviour,
  state: { reply: string[]; usage: { prompt_tokens: number; completion_tokens: number } },
) {
  if (behaviour.kind === "status") {
    return json(
      res,
      behaviour.status,
      { error: { message: `forced ${behaviour.status}` } },
      behaviour.retryAfter ? { "Retry-After": behaviour.retryAfter } : {},
    );
  }
  if (behaviour.kind === "redirect") {
    res.writeHead(307, { Location: behaviour.location });
    res.end();
    return;
  }
  if (behaviour.kind === "slow") await pause(behaviour.delayMs);
  if (res.destroyed) return;
  const model = body.model ?? "fake-model";
  const base = { id: "chatcmpl-fake", object: "chat.completion.chunk", created: 1, model };
  const usage = { ...state.usage, total_tokens: state.usage.prompt_tokens + state.usage.completion_tokens };
  if (!body.stream) {
    return json(res, 200, {
      id: "chatcmpl-fake",
      object: "chat.completion",
      created: 1,
      model,
      choices: [
        { index: 0, message: { role: "assistant", content: state.reply.join("") }, finish_reason: "stop" },
      ],
      usage,
    });
  }
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
  const send = (data: unknown) =>
    res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
  send({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
  for (const [i, token] of state.reply.entries()) {
    if (behaviour.kind === "stall" && i >= behaviour.afterTokens) return; // keeps the connection open
    await pause(5);
    if (res.destroyed) return;
    send({ ...base, choices: [{ index: 0, delta: { content: token }, finish_reason: null }] });
  }
  send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
  if (body.stream_options?.include_usage && behaviour.kind !== "no-usage")
    send({ ...base, choices: [], usage });
  send("[DONE]");
  res.end();
}
