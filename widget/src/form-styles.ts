import { css } from "lit";

/** Forms, tables and messages, for the elements that manage things (`<cg-keys>`). */
export const formStyles = css`
  h1,
  h2 {
    line-height: 1.25;
    margin: 0 0 0.75rem;
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
  .error:empty,
  .ok:empty {
    margin: 0;
  }
  .panel {
    border: 1px solid var(--cg-border);
    border-radius: var(--cg-radius);
    padding: 1rem;
    margin: 1rem 0;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
    align-items: center;
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
  .mono {
    font-family: var(--cg-mono-font);
  }
`;
