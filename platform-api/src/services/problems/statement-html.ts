import createDOMPurify from "dompurify";
import { JSDOM } from "jsdom";
import { Marked } from "marked";

/**
 * Problem statements are Markdown from authors, shown inside other sites' pages: rendered here once
 * and sanitised against a strict allow-list, so no script, event handler, style, frame or
 * `javascript:`/`data:` URL can reach a learner's browser.
 */

const ALLOWED_TAGS = [
  "a",
  "b",
  "blockquote",
  "br",
  "code",
  "del",
  "em",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "i",
  "img",
  "kbd",
  "li",
  "ol",
  "p",
  "pre",
  "s",
  "strong",
  "sub",
  "sup",
  "table",
  "tbody",
  "td",
  "th",
  "thead",
  "tr",
  "ul",
];
const ALLOWED_ATTR = ["href", "src", "alt", "title", "start", "colspan", "rowspan"];
/** http(s), mailto, in-page anchors and relative paths; no other scheme (javascript:, data:, vbscript:). */
const SAFE_URL = /^(?:(?:https?|mailto):|#|\/(?!\/)|\.{1,2}\/|[\w-]+(?:[./?#][^:]*)?$)/i;

const markdown = new Marked({ gfm: true, breaks: false, async: false });

let purifier: ReturnType<typeof createDOMPurify> | undefined;

function purify() {
  if (purifier) return purifier;
  const { window } = new JSDOM("");
  const instance = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  instance.addHook("afterSanitizeAttributes", (node) => {
    for (const attribute of ["href", "src"]) {
      const value = node.getAttribute(attribute);
      // DOMPurify lets data: images through by default; nothing here may carry a scheme we did not list.
      if (value !== null && !SAFE_URL.test(value.trim())) node.removeAttribute(attribute);
    }
    if (node.tagName === "A") {
      node.setAttribute("rel", "noopener noreferrer nofollow");
      if (node.hasAttribute("href")) node.setAttribute("target", "_blank");
    }
  });
  purifier = instance;
  return instance;
}

/** Markdown → sanitised HTML. */
export function renderStatement(source: string): string {
  const html = markdown.parse(source) as string;
  return purify().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOWED_URI_REGEXP: SAFE_URL,
    KEEP_CONTENT: true,
  });
}

const cache = new Map<string, string>();
const CACHE_SIZE = 500;

/** `renderStatement`, remembered per problem version: rendering costs more than the rest of a request. */
export function statementHtml(key: string, source: string): string {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const html = renderStatement(source);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, html);
  return html;
}
