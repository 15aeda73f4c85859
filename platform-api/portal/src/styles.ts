import { formStyles } from "@codeground/widget/styles";
import { css } from "lit";

/**
 * The portal's look: the widget's `--cg-*` custom properties, light by default, dark on request;
 * forms, tables and messages as the widget's managing elements have them (`<cg-keys>` is one).
 */
const portalTheme = css`
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
    --cg-panel: #f6f8fa;
    display: block;
    color: var(--cg-fg);
    background: var(--cg-bg);
    font-family: var(--cg-font);
    font-size: 15px;
    line-height: 1.5;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --cg-bg: #0d1117;
      --cg-fg: #e6edf3;
      --cg-muted: #9198a1;
      --cg-border: #3d444d;
      --cg-accent: #1f6feb;
      --cg-ok: #3fb950;
      --cg-bad: #f85149;
      --cg-focus: #4493f8;
      --cg-panel: #151b23;
      color-scheme: dark;
    }
  }
  h1,
  h2,
  h3 {
    line-height: 1.25;
    margin: 0 0 0.75rem;
  }
  h1 {
    font-size: 1.5rem;
  }
  h2 {
    font-size: 1.2rem;
    margin-top: 1.5rem;
  }
  a {
    color: var(--cg-accent);
  }
  @media (prefers-color-scheme: dark) {
    /* The dark accent fills buttons well but is too dim for link text on the dark page (4.1:1). */
    a {
      color: #4493f8;
    }
  }
  :focus-visible {
    outline: 3px solid var(--cg-focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    padding: 0.4rem 0.9rem;
    border-radius: var(--cg-radius);
    border: 1px solid var(--cg-border);
    background: var(--cg-panel);
    color: var(--cg-fg);
    cursor: pointer;
  }
  button.primary {
    background: var(--cg-accent);
    border-color: var(--cg-accent);
    color: var(--cg-accent-fg);
  }
  button[disabled] {
    opacity: 0.6;
    cursor: progress;
  }
  input[type="checkbox"] {
    min-width: 0;
  }
  .panel {
    border: 1px solid var(--cg-border);
    border-radius: var(--cg-radius);
    padding: 1rem;
    margin: 1rem 0;
    background: var(--cg-bg);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  code,
  .mono {
    font-family: var(--cg-mono-font);
  }
`;

export const portalStyles = [formStyles, portalTheme];
