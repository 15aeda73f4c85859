import { css } from "lit";

/**
 * Forms, tables and messages, for the elements that manage things (`<cg-keys>`, the portal's
 * views). Logical properties, so a right-to-left page lays them out from the right; from 320 px
 * wide nothing is wider than its box, and on narrow or touch screens controls are 44 px tall.
 */
export const formStyles = css`
  h1,
  h2 {
    line-height: 1.25;
    margin-block: 0 0.75rem;
    margin-inline: 0;
  }
  h1 {
    font-size: 1.25rem;
  }
  h2 {
    font-size: 1.1rem;
  }
  button.danger {
    color: var(--cg-bad);
  }
  label {
    display: block;
    font-weight: 600;
    margin-block: 0.75rem 0.25rem;
    margin-inline: 0;
  }
  input,
  select {
    font: inherit;
    padding: 0.4rem 0.5rem;
    border: 1px solid var(--cg-border);
    border-radius: var(--cg-radius);
    background: var(--cg-bg);
    color: var(--cg-fg);
    min-width: min(16rem, 100%);
    max-width: 100%;
    box-sizing: border-box;
  }
  .hint {
    color: var(--cg-muted);
    font-size: 0.875rem;
    margin-block: 0.25rem;
    margin-inline: 0;
  }
  .error {
    color: var(--cg-bad);
    font-weight: 600;
  }
  .ok {
    color: var(--cg-ok);
    font-weight: 600;
  }
  .error:empty,
  .ok:empty {
    margin: 0;
  }
  .panel {
    border: 1px solid var(--cg-border);
    border-radius: var(--cg-radius);
    padding: 1rem;
    margin-block: 1rem;
    margin-inline: 0;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
    align-items: center;
    margin-block-start: 1rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: 0.5rem;
    border-bottom: 1px solid var(--cg-border);
    vertical-align: top;
  }
  .mono {
    font-family: var(--cg-mono-font);
    overflow-wrap: anywhere;
  }
  @media (max-width: 40rem), (pointer: coarse) {
    button,
    select,
    input:not([type="checkbox"], [type="radio"]) {
      min-height: 44px;
    }
    button {
      min-width: 44px;
    }
    /* 16px keeps mobile browsers from zooming into a field when the keyboard opens. */
    input,
    select,
    textarea {
      font-size: max(16px, 1em);
    }
  }
`;
