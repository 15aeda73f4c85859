import type { Frame, Page } from "playwright-core";

/** Every text and input value a page (or frame) shows, shadow roots included: where a leak would show. */
export const shownText = (target: Page | Frame): Promise<string> =>
  target.evaluate(() => {
    const walk = (root: Document | ShadowRoot): string =>
      [...root.querySelectorAll("*")]
        .map(
          (el) =>
            `${el.textContent ?? ""} ${(el as HTMLInputElement).value ?? ""} ${el.shadowRoot ? walk(el.shadowRoot) : ""}`,
        )
        .join(" ");
    return walk(document);
  });
