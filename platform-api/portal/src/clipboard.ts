import { shellText } from "./locales/shell/index.js";

/**
 * Copies text for the person, and says how it went (clipboards can be refused), in the portal's
 * language; `what` names the text in that language too.
 */
export async function copyText(text: string, what: string): Promise<string> {
  const copied = await navigator.clipboard.writeText(text).then(
    () => true,
    () => false,
  );
  return (await shellText()).t(copied ? "copy.done" : "copy.manual", { what });
}
