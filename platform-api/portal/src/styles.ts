import { css } from "lit";

/** The portal's look: the widget's `--cg-*` custom properties, light by default, dark on request. */
export const portalStyles = css`
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
  button.danger {
    color: var(--cg-bad);
  }
  button[disabled] {
    opacity: 0.6;
    cursor: progress;
  }
  label {
    display: block;
    font-weight: 600;
    margin: 0.75rem 0 0.25rem;
  }
  input,
  select {
    font: inherit;
    padding: 0.4rem 0.5rem;
    border: 1px solid var(--cg-border);
    border-radius: var(--cg-radius);
    background: var(--cg-bg);
    color: var(--cg-fg);
    min-width: 16rem;
    max-width: 100%;
    box-sizing: border-box;
  }
  input[type="checkbox"] {
    min-width: 0;
  }
  .hint {
    color: var(--cg-muted);
    font-size: 0.875rem;
    margin: 0.25rem 0;
  }
  .error {
    color: var(--cg-bad);
    font-weight: 600;
  }
  .ok {
    color: var(--cg-ok);
    font-weight: 600;
  }
  .panel {
    border: 1px solid var(--cg-border);
    border-radius: var(--cg-radius);
    padding: 1rem;
    margin: 1rem 0;
    background: var(--cg-bg);
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
    margin-top: 1rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 0.5rem;
    border-bottom: 1px solid var(--cg-border);
    vertical-align: top;
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
