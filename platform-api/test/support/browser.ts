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

/**
 * Makes the page's browser refuse third-party cookies that are not partitioned, as Chrome's
 * setting (and its coming default) does: an LMS frames the tool from another site.
 */
export async function blockThirdPartyCookies(page: Page): Promise<Page> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send(
    "Network.setCookieControls" as "Network.enable",
    {
      enableThirdPartyCookieRestriction: true,
      disableThirdPartyCookieMetadata: true,
      disableThirdPartyCookieHeuristics: true,
    } as never,
  );
  return page;
}
