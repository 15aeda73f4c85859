import type { Frame, Locator, Page } from "playwright-core";

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

/**
 * Clicks a button that closes its own window, and waits for the window to close. Playwright may
 * report the click itself as failed ("Target page, context or browser has been closed") when the
 * window closes while it finishes the click; that is the outcome asked for, not a failure.
 */
export async function clickClosingWindow(window: Page, button: Locator): Promise<void> {
  const closed = window.waitForEvent("close");
  await button.click().catch((err: Error) => {
    if (!window.isClosed() && !/has been closed/.test(err.message)) throw err;
  });
  await closed;
}
