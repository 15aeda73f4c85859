/** Asks the portal to show another of its pages. */
export function navigate(from: HTMLElement, path: string, replace = false) {
  from.dispatchEvent(
    new CustomEvent("cg-navigate", {
      detail: replace ? { path, replace } : path,
      bubbles: true,
      composed: true,
    }),
  );
}

/** A link's click, unless the person asked for a new tab or window: shown in place instead. */
export function followLink(event: MouseEvent, from: HTMLElement, path: string) {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(from, path);
}
