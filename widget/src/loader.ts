/**
 * `/widget.js`: one classic script a host page includes. It registers `<cg-problem>`, `<cg-chat>`
 * and `<cg-keys>`, each a frame from the platform origin (the one this script was loaded from),
 * sized to its content, with the frame's events re-fired on the element.
 *
 * Messages are read only when they come from the platform origin AND from this element's own
 * frame; the answer goes only to that frame, at that origin.
 */
import {
  type EventDetails,
  type FrameMessage,
  type HostViewMessage,
  type InitMessage,
  MAX_STORED_LENGTH,
  RELAYED_EVENTS,
  STORE_KEY,
  THEME_VARS,
} from "./protocol.js";

// currentScript is null when the file is loaded as a module; then look for the tag by its name.
const script = (document.currentScript ??
  document.querySelector('script[src$="/widget.js"]')) as HTMLScriptElement | null;
const ORIGIN = script?.src ? new URL(script.src).origin : location.origin;
/** A frame that never says hello after loading was refused (origin not allowed) or failed. */
const HELLO_TIMEOUT_MS = 8000;
const MAX_HEIGHT = 10_000;

const sheet = (() => {
  try {
    const s = new CSSStyleSheet();
    s.replaceSync(":host{display:block}iframe{display:block;width:100%;border:0;min-height:120px}");
    return s;
  } catch {
    return undefined;
  }
})();

const dark = matchMedia("(prefers-color-scheme: dark)");
/** Each element's report of the page's view to its frame, sent at most once a frame. */
const views = new Set<() => void>();
let pending = false;
const viewChanged = () => {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    for (const view of views) view();
  });
};
for (const target of [window, visualViewport]) {
  target?.addEventListener("scroll", viewChanged, { passive: true });
  target?.addEventListener("resize", viewChanged, { passive: true });
}
dark.addEventListener("change", viewChanged);

function defineFrameElement(tag: string, element: string, title: string) {
  if (customElements.get(tag)) return;

  class FrameElement extends HTMLElement {
    static observedAttributes = [
      "embed",
      "problem",
      "language",
      "theme",
      "learner-token",
      "token",
      "assignment",
      "lang",
      "dir",
    ];
    private frame: HTMLIFrameElement | undefined;
    private timer: ReturnType<typeof setTimeout> | undefined;
    private greeted = false;
    private readonly listen = (event: MessageEvent) => this.onMessage(event);

    connectedCallback() {
      window.addEventListener("message", this.listen);
      views.add(this.view);
      this.render();
    }

    disconnectedCallback() {
      window.removeEventListener("message", this.listen);
      views.delete(this.view);
      clearTimeout(this.timer);
    }

    attributeChangedCallback() {
      if (this.isConnected) this.render();
    }

    private render() {
      const embed = this.getAttribute("embed");
      const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
      if (sheet) root.adoptedStyleSheets = [sheet];
      if (!embed) {
        this.fail("no_embed", `Set the embed attribute to your embed's publishable key (pk_…) on <${tag}>.`);
        return;
      }
      const url = new URL(`${ORIGIN}/embed/${encodeURIComponent(embed)}/${element}`);
      url.searchParams.set("host", location.origin);
      for (const name of ["problem", "language", "theme", "dir"]) {
        const value = this.getAttribute(name);
        if (value) url.searchParams.set(name, value);
      }
      url.searchParams.set("lang", this.language());
      const frame = document.createElement("iframe");
      const problem = this.getAttribute("problem");
      frame.title = problem ? `${title}: ${problem}` : title;
      frame.src = url.href;
      frame.allow = "clipboard-write";
      this.greeted = false;
      clearTimeout(this.timer);
      frame.addEventListener("load", () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          if (!this.greeted) {
            this.fail(
              "frame_unavailable",
              `The Codeground ${element} could not load here: check that ${location.origin} is one of the embed's allowed origins.`,
            );
          }
        }, HELLO_TIMEOUT_MS);
      });
      this.frame = frame;
      root.replaceChildren(frame);
    }

    /** The element's `lang`, else its nearest ancestor's (`<html lang>`), else the browser's. */
    private language(): string {
      return this.closest("[lang]")?.getAttribute("lang") || navigator.language;
    }

    /**
     * What the frame must know of the page around it: its colour scheme, and how far the page has
     * scrolled past the frame's top (so a sticky toolbar inside the frame, which never scrolls
     * itself, stays in view: the on-screen keyboard's visual viewport included).
     */
    private view = () => {
      const frame = this.frame;
      const win = frame?.contentWindow;
      if (!this.greeted || !frame || !win) return;
      const top = Math.max(0, (visualViewport?.offsetTop ?? 0) - frame.getBoundingClientRect().top);
      const message: HostViewMessage = { type: "cg:view", dark: dark.matches, stickyTop: Math.round(top) };
      win.postMessage(message, ORIGIN);
    };

    /** This embed's stored values for this frame: the anonymous id and this problem's drafts. */
    private stored(): Record<string, string> {
      const out: Record<string, string> = {};
      const wanted = (key: string) =>
        key === "anonymous-id" || key.startsWith(`draft:${this.getAttribute("problem")}:`);
      try {
        const prefix = `cg:${this.getAttribute("embed")}:`;
        for (let i = 0; i < localStorage.length; i++) {
          const full = localStorage.key(i);
          const key = full?.startsWith(prefix) ? full.slice(prefix.length) : undefined;
          const value = key && wanted(key) ? localStorage.getItem(full as string) : null;
          if (key && value !== null) out[key] = value;
        }
      } catch {
        // Storage refused: the frame starts fresh.
      }
      return out;
    }

    private storage(_op: "set", key: string, value: string) {
      try {
        localStorage.setItem(`cg:${this.getAttribute("embed")}:${key}`, value);
      } catch {
        // Quota or privacy settings: kept only for this page view.
      }
    }

    private fail(code: string, message: string) {
      this.relay("cg-error", { code, message });
    }

    private relay<K extends keyof EventDetails>(name: K, detail: EventDetails[K]) {
      this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
    }

    private onMessage(event: MessageEvent) {
      const win = this.frame?.contentWindow;
      if (event.origin !== ORIGIN || !win || event.source !== win) return;
      const data = event.data as FrameMessage | null;
      if (!data || typeof data !== "object") return;
      if (data.type === "cg:hello") {
        this.greeted = true;
        clearTimeout(this.timer);
        const vars: Record<string, string> = {};
        const style = getComputedStyle(this);
        for (const name of THEME_VARS) {
          const value = style.getPropertyValue(name).trim();
          if (value) vars[name] = value;
        }
        const token = this.getAttribute("learner-token");
        const bearer = this.getAttribute("token");
        const assignment = this.getAttribute("assignment");
        const init: InitMessage = {
          type: "cg:init",
          vars,
          stored: this.stored(),
          locale: this.language(),
          ...(assignment ? { assignment } : {}),
          ...(token ? { learnerToken: token } : {}),
          ...(bearer ? { token: bearer } : {}),
        };
        win.postMessage(init, ORIGIN);
        this.view();
      } else if (data.type === "cg:store") {
        const { key, value } = data;
        if (typeof key === "string" && STORE_KEY.test(key) && typeof value === "string") {
          if (value.length <= MAX_STORED_LENGTH) this.storage("set", key, value);
        }
      } else if (data.type === "cg:height" && Number.isFinite(data.height) && this.frame) {
        this.frame.style.height = `${Math.min(Math.max(0, Math.ceil(data.height)), MAX_HEIGHT)}px`;
        viewChanged();
      } else if (data.type === "cg:event" && (RELAYED_EVENTS as readonly string[]).includes(data.name)) {
        this.relay(data.name, data.detail as never);
      }
    }
  }

  customElements.define(tag, FrameElement);
}

defineFrameElement("cg-problem", "problem", "Coding exercise");
defineFrameElement("cg-chat", "chat", "Coding tutor");
defineFrameElement("cg-keys", "keys", "AI provider keys");
