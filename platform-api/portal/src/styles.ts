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
  /* Long words (addresses, ids, keys, links) wrap rather than widen the page. */
  :host {
    overflow-wrap: break-word;
  }
  code,
  .mono,
  dd,
  th[scope="row"],
  .actions > span {
    overflow-wrap: anywhere;
  }
  img,
  pre {
    max-width: 100%;
  }
  /* A fieldset would otherwise be at least as wide as its widest field. */
  fieldset {
    min-width: 0;
  }
  /* A link that starts an action (a download, say), drawn as a button. */
  a.button {
    display: inline-flex;
    align-items: center;
    box-sizing: border-box;
    padding: 0.4rem 0.9rem;
    border-radius: var(--cg-radius);
    border: 1px solid var(--cg-border);
    background: var(--cg-panel);
    color: var(--cg-fg);
    text-decoration: none;
  }
  /* Phones and touch screens: every control is a fingertip tall (44 px, WCAG 2.5.5). */
  @media (max-width: 40rem), (pointer: coarse) {
    button,
    select,
    input:not([type="checkbox"], [type="radio"], [type="hidden"]),
    a.button {
      min-height: 44px;
    }
    input[type="checkbox"],
    input[type="radio"] {
      width: 1.25rem;
      height: 1.25rem;
    }
  }
  /*
   * Phones: fields take the full width, and a "table.stack" turns each row into a block of lines,
   * every cell after the row's header labelled with its column's header ("data-label", set by
   * TableLabels). Tables keep their semantics in that display.
   */
  @media (max-width: 40rem) {
    input:not([type="checkbox"], [type="radio"], [type="hidden"]),
    select,
    textarea {
      width: 100%;
      min-width: 0;
    }
    table.stack,
    table.stack > tbody,
    table.stack > tbody > tr,
    table.stack > tbody > tr > th,
    table.stack > tbody > tr > td {
      display: block;
    }
    table.stack > thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
    table.stack > tbody > tr {
      padding: 0.5rem 0;
      border-bottom: 1px solid var(--cg-border);
    }
    table.stack > tbody > tr > th,
    table.stack > tbody > tr > td {
      border: 0;
      padding: 0.15rem 0;
    }
    table.stack td[data-label]::before {
      content: attr(data-label) ": " / "";
      color: var(--cg-muted);
    }
  }
`;

export const portalStyles = [formStyles, portalTheme];
