import { html } from "lit";

/**
 * A destructive step asked once more where it was started (no dialog): what will happen, a
 * button that does it and one that keeps things as they are. The caller puts the keyboard on
 * `yesId` when it opens, and back on the button that opened it when it closes.
 */
export function inlineConfirm(options: {
  /** The group's accessible name: "Confirm: remove ada@example.edu". */
  label: string;
  text: string;
  yes: string;
  no: string;
  yesId: string;
  busy: boolean;
  danger?: boolean;
  onYes: () => void;
  onNo: () => void;
}) {
  return html`<div class="actions confirm" role="group" aria-label=${options.label}>
    <span>${options.text}</span>
    <button type="button" id=${options.yesId} class=${options.danger === false ? "" : "danger"}
      ?disabled=${options.busy} @click=${options.onYes}>${options.yes}</button>
    <button type="button" ?disabled=${options.busy} @click=${options.onNo}>${options.no}</button>
  </div>`;
}
