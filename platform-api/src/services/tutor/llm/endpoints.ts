import type { KeyProvider } from "@codeground/sdk";
import OpenAI, { AzureOpenAI, type ClientOptions } from "openai";
import { type Dispatcher, fetch as undiciFetch } from "undici";

/**
 * Where each provider serves the OpenAI chat-completions protocol when a key names no endpoint:
 * OpenAI itself, and Google's and Anthropic's OpenAI-compatible endpoints.
 */
export const CHAT_BASE_URLS: Partial<Record<KeyProvider, string>> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com/v1/",
  google: "https://generativelanguage.googleapis.com/v1beta/openai/",
};

/** The model used when a key names none: small, fast models that are good enough for hints. */
export const DEFAULT_MODELS: Partial<Record<KeyProvider, string>> = {
  openai: "gpt-4o-mini",
  anthropic: "claude-3-5-haiku-latest",
  google: "gemini-2.0-flash",
  // llama.cpp and most single-model servers ignore the name.
  "openai-compatible": "default",
};

/** Azure OpenAI's GA data-plane version that supports `stream_options`. */
export const AZURE_API_VERSION = "2024-10-21";

export const PROVIDER_LABELS: Record<KeyProvider, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  google: "Google Gemini",
  "azure-openai": "Azure OpenAI",
  "openai-compatible": "The AI endpoint",
};

export interface ClientTarget {
  provider: KeyProvider;
  /** The key's own endpoint, or the provider's. */
  baseUrl: string;
  secret: string;
  model: string;
  /** Connections pinned to checked addresses; the default pool for the providers' own endpoints. */
  dispatcher?: Dispatcher;
}

/**
 * One client per call: the secret lives in it only for the call. Retries are ours (they must stop
 * once a token has reached the learner), so the client's own are off; redirects are refused, since
 * one could lead where the base URL check would not allow.
 */
export function chatClient(target: ClientTarget): OpenAI {
  const common = {
    apiKey: target.secret,
    maxRetries: 0,
    // The client's own console logging stays off: our log lines are structured and checked.
    logLevel: "off" as const,
    // Our own timeouts (first token, idle) end calls sooner; this is only a backstop.
    timeout: 10 * 60 * 1000,
    fetch: undiciFetch as unknown as typeof globalThis.fetch,
    fetchOptions: {
      redirect: "error",
      ...(target.dispatcher ? { dispatcher: target.dispatcher } : {}),
    } as NonNullable<ClientOptions["fetchOptions"]>,
  };
  if (target.provider === "azure-openai") {
    return new AzureOpenAI({
      ...common,
      endpoint: target.baseUrl.replace(/\/+$/, ""),
      apiVersion: AZURE_API_VERSION,
      deployment: target.model,
    });
  }
  return new OpenAI({ ...common, baseURL: target.baseUrl });
}
