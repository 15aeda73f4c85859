import { css } from "lit";

/**
 * Focus rings, buttons and visually hidden text, for an element nested inside another: it inherits
 * the `--cg-*` properties of the element around it instead of resetting them.
 */
export const controlStyles = css`
  *:focus-visible {
    outline: 2px solid var(--cg-focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    border-radius: var(--cg-radius);
    border: 1px solid var(--cg-border);
    background: var(--cg-bg);
    color: var(--cg-fg);
    padding: 0.35em 0.9em;
    cursor: pointer;
  }
  button.primary {
    background: var(--cg-accent);
    border-color: var(--cg-accent);
    color: var(--cg-accent-fg);
  }
  button:disabled {
    opacity: 0.65;
    cursor: progress;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/** The dark scheme's colours, set on the element under `theme="dark"` or an `auto` in the dark. */
const darkColours = css`
  --cg-bg: #0d1117;
  --cg-fg: #e6edf3;
  --cg-muted: #9198a1;
  --cg-border: #3d444d;
  --cg-accent: #1f6feb;
  --cg-accent-fg: #ffffff;
  --cg-ok: #3fb950;
  --cg-bad: #f85149;
  --cg-focus: #4493f8;
  --cg-link: #4493f8;
  --cg-editor-bg: #151b23;
  --cg-active-line: rgba(68, 147, 248, 0.08);
  --cg-selection: rgba(68, 147, 248, 0.3);
  --cg-diff-bg: rgba(248, 81, 73, 0.15);
  --cg-syntax-keyword: #d2a8ff;
  --cg-syntax-string: #a5d6ff;
  --cg-syntax-comment: #9198a1;
  --cg-syntax-number: #79c0ff;
  --cg-syntax-function: #ffa657;
  --cg-syntax-type: #ffa657;
  --cg-syntax-meta: #9198a1;
  color-scheme: dark;
`;

/**
 * The `--cg-*` custom properties every element reads, with light defaults, and dark ones under
 * `theme="dark"`, or under `theme="auto"` (the default) when the page's scheme is dark: in a
 * frame the host page says which (`scheme`, kept current by the loader, since a frame's own
 * `prefers-color-scheme` may follow its frame element instead), on a page the media query does.
 * Colours meet WCAG AA contrast on their backgrounds in both schemes; a page's own `--cg-*` values
 * set on the element win in all three.
 */
export const themeStyles = css`
  :host {
    --cg-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
    --cg-mono-font: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
    --cg-bg: #ffffff;
    --cg-fg: #1f2328;
    --cg-muted: #57606a;
    --cg-border: #d0d7de;
    --cg-accent: #0969da;
    --cg-accent-fg: #ffffff;
    --cg-radius: 6px;
    --cg-ok: #1a7f37;
    --cg-bad: #cf222e;
    --cg-focus: #0969da;
    --cg-link: #0969da;
    --cg-editor-bg: #f6f8fa;
    --cg-active-line: rgba(9, 105, 218, 0.06);
    --cg-selection: rgba(9, 105, 218, 0.2);
    --cg-diff-bg: rgba(207, 34, 46, 0.1);
    --cg-syntax-keyword: #6639ba;
    --cg-syntax-string: #0a3069;
    --cg-syntax-comment: #57606a;
    --cg-syntax-number: #0550ae;
    --cg-syntax-function: #953800;
    --cg-syntax-type: #953800;
    --cg-syntax-meta: #57606a;
    display: block;
    color: var(--cg-fg);
    background: var(--cg-bg);
    font-family: var(--cg-font);
    font-size: 15px;
    line-height: 1.5;
    color-scheme: light;
  }
  :host([theme="dark"]),
  :host([scheme="dark"]:not([theme="light"], [theme="dark"])) {
    ${darkColours}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme="light"], [theme="dark"], [scheme])) {
      ${darkColours}
    }
  }
  :host([hidden]) {
    display: none;
  }
  ${controlStyles}
`;
