/**
 * `a…@example.com`: the first character and the domain, enough for people to recognise their own
 * address and too little for whoever else sees it (a host page, a forwarded link) to learn it.
 * Masking a masked address changes nothing.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at > 0 ? `${[...email.slice(0, at)][0]}…${email.slice(at)}` : "…";
}
