/**
 * The messages between the host page's loader and the frame. Both sides check where a message
 * comes from (origin and window) before reading it; this file only names the shapes.
 */

/** Events the host element fires, relayed from the frame. */
export const RELAYED_EVENTS = ["cg-ready", "cg-run", "cg-result", "cg-error"] as const;
export type RelayedEvent = (typeof RELAYED_EVENTS)[number];

/** `cg-ready`: the frame has loaded its element (and, for problems, the problem). */
export interface ReadyDetail {
  element: string;
  problem?: string;
}

/** `cg-run`: the sample tests ran. */
export interface RunDetail {
  problem: string;
  language: string;
  verdict: string;
  passed: number;
  total: number;
}

/** `cg-result`: a submission was judged on every test. */
export interface ResultDetail {
  verdict: string;
  submissionId: string;
  problem: string;
  passed: number;
  total: number;
}

/** `cg-error`: something the learner could not get past (session refused, problem missing, …). */
export interface ErrorDetail {
  code: string;
  message: string;
}

export interface EventDetails {
  "cg-ready": ReadyDetail;
  "cg-run": RunDetail;
  "cg-result": ResultDetail;
  "cg-error": ErrorDetail;
}

/** Frame → host. */
export type FrameMessage =
  | { type: "cg:hello" }
  | { type: "cg:height"; height: number }
  /** Keep this value in the host page's storage (drafts, the anonymous learner id). */
  | { type: "cg:store"; key: string; value: string }
  | { type: "cg:event"; name: RelayedEvent; detail: EventDetails[RelayedEvent] };

/** Host → frame, in answer to `cg:hello`. */
export interface InitMessage {
  type: "cg:init";
  /** A learner token the host site signed (JWT), when it names its learners. */
  learnerToken?: string;
  /**
   * A bearer token the page already holds (a personal access token): trusted pages only, used as
   * is instead of a learner session, so runs and submissions are that user's own.
   */
  token?: string;
  /** An assignment's id (`assignment` on the host element): the learner session works on it. */
  assignment?: string;
  /**
   * The language the element asks for: its own `lang`, else its nearest ancestor's (the page's
   * `<html lang>`), else the browser's. The interface speaks it when there is a catalog for it;
   * dates and numbers are written in it.
   */
  locale?: string;
  /** `--cg-*` custom properties set on the host element, carried into the frame. */
  vars?: Record<string, string>;
  /** What the frame stored before (`cg:store`), kept first-party by the host page. */
  stored?: Record<string, string>;
}

/**
 * Host → frame, after `cg:init` and whenever it changes: the page's colour scheme (what
 * `theme="auto"` follows) and how many pixels of the frame's top the page has scrolled past.
 */
export interface HostViewMessage {
  type: "cg:view";
  dark: boolean;
  stickyTop: number;
}

/**
 * Keys the frame may store through the host: the anonymous learner id and drafts. Frames cannot
 * count on their own storage: browsers that block third-party storage deny it to them.
 */
export const STORE_KEY = /^(anonymous-id|draft:[a-z0-9-]{2,100}:[a-z0-9+#-]{1,32})$/;
/** What an assignment id looks like; anything else from the host is dropped. */
export const ASSIGNMENT_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** A BCP 47 language tag, roughly: letters, digits and hyphens. */
export const LOCALE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,6}$/;

/** Longest value stored: the API's limit on code. */
export const MAX_STORED_LENGTH = 64 * 1024;

/** The custom properties the frame accepts from the host page. */
export const THEME_VARS = [
  "--cg-font",
  "--cg-mono-font",
  "--cg-bg",
  "--cg-fg",
  "--cg-muted",
  "--cg-border",
  "--cg-accent",
  "--cg-accent-fg",
  "--cg-radius",
  "--cg-ok",
  "--cg-bad",
  "--cg-focus",
  "--cg-link",
  "--cg-editor-bg",
] as const;

/** A value safe to set as a custom property: no url(), no expressions, no declarations. */
export const safeVarValue = (value: string): boolean =>
  value.length <= 200 && /^[\w\s#%.,()'"+-]*$/.test(value) && !/url\s*\(|expression\s*\(/i.test(value);
