/**
 * The frame bundle (`/widget/frame.js`), loaded by the page `/embed/:key/:element` serves: starts
 * the learner session, mounts the element, and talks to the host page's loader — only to the
 * parent window, only at the origin it verified, and only listening to that same window.
 */
import { createLearnerClient } from "./api.js";
import "./cg-problem.js";
import { createDraftStore } from "./drafts.js";
import { verifiedHostOrigin } from "./host-origin.js";
import { directionOf, pickLocale } from "./i18n.js";
import {
  ASSIGNMENT_ID,
  type FrameMessage,
  type HostViewMessage,
  type InitMessage,
  LOCALE_TAG,
  RELAYED_EVENTS,
  type RelayedEvent,
  safeVarValue,
  THEME_VARS,
} from "./protocol.js";

const INIT_TIMEOUT_MS = 3000;

const app = document.getElementById("app");
const params = new URLSearchParams(location.search);
const host = verifiedHostOrigin(params.get("host"));
const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce || undefined;

const post = (message: FrameMessage) => {
  if (host) window.parent.postMessage(message, host);
};

/**
 * Where drafts and the anonymous id live: framed, in the host page's storage (first-party, so
 * browsers that block third-party storage keep it), seeded by the init message; else our own.
 */
function storageFor(init: InitMessage | undefined): Pick<Storage, "getItem" | "setItem"> | null {
  if (host && init) {
    const values = new Map<string, string>();
    for (const [key, value] of Object.entries(init.stored ?? {})) {
      if (typeof value === "string") values.set(`cg:${key}`, value);
    }
    return {
      getItem: (key) => values.get(key) ?? null,
      setItem(key, value) {
        values.set(key, value);
        post({ type: "cg:store", key: key.replace(/^cg:/, ""), value });
      },
    };
  }
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The host's answer to `cg:hello` (learner token, theme variables); nothing when not framed. */
function handshake(): Promise<InitMessage | undefined> {
  if (!host) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), INIT_TIMEOUT_MS);
    const listen = (event: MessageEvent) => {
      if (event.source !== window.parent || event.origin !== host) return;
      const data = event.data as Partial<InitMessage> | null;
      if (data?.type !== "cg:init") return;
      clearTimeout(timer);
      window.removeEventListener("message", listen);
      resolve({
        type: "cg:init",
        ...(typeof data.learnerToken === "string" ? { learnerToken: data.learnerToken } : {}),
        ...(typeof data.token === "string" ? { token: data.token } : {}),
        ...(typeof data.assignment === "string" && ASSIGNMENT_ID.test(data.assignment)
          ? { assignment: data.assignment }
          : {}),
        ...(typeof data.locale === "string" && LOCALE_TAG.test(data.locale) ? { locale: data.locale } : {}),
        ...(data.vars && typeof data.vars === "object" ? { vars: data.vars } : {}),
        ...(data.stored && typeof data.stored === "object" ? { stored: data.stored } : {}),
      });
    };
    window.addEventListener("message", listen);
    post({ type: "cg:hello" });
  });
}

/**
 * A page of ours that is not behind the loader (an LTI launch inside an LMS) names its learner
 * session's token, the assignment and the user's language on the element itself: there is no
 * host to ask.
 */
function pageInit(element: HTMLElement): InitMessage | undefined {
  const { token, assignment = "", lang = "" } = element.dataset;
  if (host || !token) return undefined;
  return {
    type: "cg:init",
    token,
    ...(ASSIGNMENT_ID.test(assignment) ? { assignment } : {}),
    // The user's language as the LMS said it at launch.
    ...(LOCALE_TAG.test(lang) ? { locale: lang } : {}),
  };
}

/**
 * Our own page for an assignment (an LTI launch) lists its problems as buttons (`data-goto`):
 * each shows that problem in the same exercise, the learner's session and assignment unchanged.
 */
function wireProblemNav(el: HTMLElementTagNameMap["cg-problem"]) {
  const buttons = [...document.querySelectorAll<HTMLButtonElement>("nav button[data-goto]")];
  for (const button of buttons) {
    button.addEventListener("click", () => {
      const slug = button.dataset.goto ?? "";
      if (!slug || el.problem === slug) return;
      el.problem = slug;
      for (const other of buttons) {
        if (other === button) other.setAttribute("aria-current", "step");
        else other.removeAttribute("aria-current");
      }
    });
  }
}

function reportHeight() {
  // The body's scroll height counts what overflows the layout box too (a visually hidden status,
  // a shadow): the frame takes all of it, so nothing scrolls inside.
  const height = Math.ceil(
    Math.max(document.documentElement.getBoundingClientRect().height, document.body.scrollHeight),
  );
  post({ type: "cg:height", height });
}

/** The element's theme: `light`, `dark` or (the default) `auto`, which follows the page's scheme. */
function themeParam(): "light" | "dark" | "auto" {
  const theme = params.get("theme");
  return theme === "light" || theme === "dark" ? theme : "auto";
}

/** The language asked for (`lang` from the loader, else the init's), when it looks like a tag. */
function languageParam(init: InitMessage | undefined): string {
  const lang = params.get("lang") ?? "";
  return LOCALE_TAG.test(lang) ? lang : (init?.locale ?? "");
}

/**
 * The page's scheme and scroll, as the host's loader reports them (`cg:view`): `auto` follows
 * the page's scheme, and small screens' sticky toolbar keeps to the part of the frame in view.
 */
function followHostView(element: HTMLElement) {
  if (!host) return;
  window.addEventListener("message", (event: MessageEvent) => {
    if (event.source !== window.parent || event.origin !== host) return;
    const data = event.data as Partial<HostViewMessage> | null;
    if (data?.type !== "cg:view") return;
    if (typeof data.dark === "boolean") {
      element.setAttribute("scheme", data.dark ? "dark" : "light");
      if (element.getAttribute("theme") === "auto") {
        document.documentElement.style.colorScheme = data.dark ? "dark" : "light";
      }
    }
    if (typeof data.stickyTop === "number" && Number.isFinite(data.stickyTop)) {
      const top = Math.min(Math.max(0, Math.round(data.stickyTop)), 100_000);
      element.style.setProperty("--cg-sticky-top", `${top}px`);
    }
  });
}

function applyVars(element: HTMLElement, vars: Record<string, string> | undefined) {
  for (const name of THEME_VARS) {
    const value = vars?.[name];
    if (typeof value === "string" && safeVarValue(value)) element.style.setProperty(name, value);
  }
}

async function main() {
  if (!app) return;
  const { embed = "", element = "problem", problem = "" } = app.dataset;
  document.body.style.margin = "0";
  const theme = themeParam();
  document.documentElement.style.colorScheme = theme === "auto" ? "light dark" : theme;
  // Sized to its content by the host: a scroll bar inside the frame would only flash while the
  // host catches up with a new height.
  if (host) document.documentElement.style.overflow = "hidden";
  const init = (await handshake()) ?? pageInit(app);
  const lang = languageParam(init);
  const locale = pickLocale(lang, navigator.language);
  const dirParam = params.get("dir");
  document.documentElement.lang = locale;
  document.documentElement.dir = dirParam === "rtl" || dirParam === "ltr" ? dirParam : directionOf(locale);
  const storage = storageFor(init);
  // A trusted page's own bearer token is used as is; otherwise a learner session from the embed.
  const client = init?.token
    ? createLearnerClient({ token: init.token, storage })
    : createLearnerClient({
        embedKey: embed,
        storage,
        ...(init?.learnerToken ? { learnerToken: init.learnerToken } : {}),
        ...(init?.assignment ? { assignment: init.assignment } : {}),
      });

  let node: HTMLElement;
  if (element === "problem") {
    const el = document.createElement("cg-problem");
    el.problem = problem;
    el.language = params.get("language") ?? "";
    el.assignment = init?.assignment ?? "";
    el.drafts = createDraftStore(storage);
    if (nonce) el.cspNonce = nonce;
    el.client = client;
    node = el;
  } else if (element === "chat") {
    await import("./cg-chat.js");
    const el = document.createElement("cg-chat");
    el.problem = problem;
    el.assignment = init?.assignment ?? "";
    el.client = client;
    node = el;
  } else {
    const { keysElement } = await import("./keys-frame.js");
    node = keysElement({ embed, host, ...(init?.token ? { token: init.token } : {}) });
  }
  // The host's own tag (`en-GB`): the interface speaks its catalog, dates follow the region.
  Object.assign(node, { theme, locale: lang || locale });
  // A direction the host element sets itself wins over the language's.
  if (dirParam === "rtl" || dirParam === "ltr") node.setAttribute("dir", dirParam);
  if (node.localName === "cg-problem" && !host) wireProblemNav(node as HTMLElementTagNameMap["cg-problem"]);
  applyVars(node, init?.vars);
  followHostView(node);
  for (const name of RELAYED_EVENTS) {
    node.addEventListener(name, (event) => {
      post({ type: "cg:event", name: name as RelayedEvent, detail: (event as CustomEvent).detail });
    });
  }
  const main = document.createElement("main");
  main.append(node);
  app.append(main);
  const resized = new ResizeObserver(reportHeight);
  resized.observe(document.documentElement);
  resized.observe(node);
  reportHeight();
}

void main();
