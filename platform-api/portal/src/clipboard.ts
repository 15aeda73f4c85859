/** Copies text for the person, and says how it went (clipboards can be refused). */
export async function copyText(text: string, what: string): Promise<string> {
  try {
    await navigator.clipboard.writeText(text);
    return `Copied the ${what}.`;
  } catch {
    return `Select the ${what} and copy it by hand.`;
  }
}
