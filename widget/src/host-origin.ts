/**
 * The origin of the page framing us, as the loader told it (`?host=`), checked against what the
 * browser says about our parent: `location.ancestorOrigins` where it exists, else the referrer.
 * Undefined when we are not framed or the claim does not hold; then nothing is posted.
 */
export function verifiedHostOrigin(claimed: string | null, win: Window = window): string | undefined {
  if (!claimed || win.parent === win) return undefined;
  let origin: string;
  try {
    origin = new URL(claimed).origin;
  } catch {
    return undefined;
  }
  if (origin !== claimed || origin === "null") return undefined;
  const ancestors = win.location.ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors[0] === origin ? origin : undefined;
  const referrer = win.document.referrer;
  if (referrer) {
    try {
      return new URL(referrer).origin === origin ? origin : undefined;
    } catch {
      return undefined;
    }
  }
  // No way to check (no ancestorOrigins, referrer withheld): frame-ancestors already limits who frames us.
  return origin;
}
