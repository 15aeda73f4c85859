import { lookup as dnsLookup } from "node:dns/promises";
import { isIPv4, isIPv6 } from "node:net";
import { allowsPrivate, normaliseHost, type PrivateOrigins } from "./private-origins.js";

/** Every address a host name resolves to, as `dns.lookup(host, { all: true })` answers. */
export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface ProviderUrlPolicy {
  /**
   * Origins an operator allows although they are private (`ALLOW_PRIVATE_PROVIDER_URLS`), e.g. a
   * model server on the same machine; plain http is allowed where such an origin says so, and only there.
   */
  allowPrivateOrigins: PrivateOrigins;
  lookup?: LookupAll;
}

export type ProviderUrlCheck =
  | {
      ok: true;
      url: URL /** Allowed by the operator's list rather than by being public. */;
      operatorAllowed: boolean;
    }
  | { ok: false; reason: "not_allowed" | "unresolvable"; message: string };

type Range = { bytes: number[]; prefix: number; label: string };

const v4 = (cidr: string, label: string): Range => {
  const [address = "", prefix = "32"] = cidr.split("/");
  return { bytes: ipv4Bytes(address) ?? [], prefix: Number(prefix), label };
};
const v6 = (cidr: string, label: string): Range => {
  const [address = "", prefix = "128"] = cidr.split("/");
  return { bytes: ipv6Bytes(address) ?? [], prefix: Number(prefix), label };
};

/** Addresses a user-supplied URL must not reach: this machine, private networks, cloud metadata, non-unicast. */
const BLOCKED_V4: Range[] = [
  v4("0.0.0.0/8", "an unspecified address"),
  v4("10.0.0.0/8", "a private network address"),
  v4("100.64.0.0/10", "a carrier-grade NAT address"),
  v4("127.0.0.0/8", "a loopback address"),
  v4("169.254.0.0/16", "a link-local address (cloud metadata lives here)"),
  v4("172.16.0.0/12", "a private network address"),
  v4("192.0.0.0/24", "a reserved protocol address"),
  v4("192.0.2.0/24", "a documentation address"),
  v4("192.168.0.0/16", "a private network address"),
  v4("198.18.0.0/15", "a benchmarking address"),
  v4("198.51.100.0/24", "a documentation address"),
  v4("203.0.113.0/24", "a documentation address"),
  v4("224.0.0.0/4", "a multicast address"),
  v4("240.0.0.0/4", "a reserved address"),
];

const BLOCKED_V6: Range[] = [
  v6("::/128", "an unspecified address"),
  v6("::1/128", "a loopback address"),
  v6("64:ff9b:1::/48", "a local-use NAT64 address"),
  v6("100::/64", "a discard address"),
  v6("2001::/32", "a Teredo tunnel address"),
  v6("2001:db8::/32", "a documentation address"),
  v6("fc00::/7", "a unique-local (private) address"),
  v6("fe80::/10", "a link-local address"),
  v6("fec0::/10", "a site-local address"),
  v6("ff00::/8", "a multicast address"),
];

/** IPv6 forms that carry an IPv4 address, checked as that address: where the packet really goes. */
const EMBEDDING_V4: { range: Range; offset: number }[] = [
  { range: v6("::ffff:0:0/96", "IPv4-mapped"), offset: 12 },
  { range: v6("::/96", "IPv4-compatible"), offset: 12 },
  { range: v6("64:ff9b::/96", "NAT64"), offset: 12 },
  { range: v6("2002::/16", "6to4"), offset: 2 },
];

/** Why an IP address may not be reached from a user's base URL, or undefined when it is public. */
export function blockedReason(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const four = isIPv4(bare) ? ipv4Bytes(bare) : undefined;
  if (four) return BLOCKED_V4.find((r) => inRange(four, r))?.label;
  const six = isIPv6(bare) ? ipv6Bytes(bare) : undefined;
  if (!six) return "not an IP address";
  const blocked = BLOCKED_V6.find((r) => inRange(six, r))?.label;
  if (blocked) return blocked;
  const carrier = EMBEDDING_V4.find(({ range }) => inRange(six, range));
  if (!carrier) return undefined;
  const embedded = six.slice(carrier.offset, carrier.offset + 4);
  return BLOCKED_V4.find((r) => inRange(embedded, r))?.label;
}

/**
 * Whether a user's provider base URL may be called: https to a host that is not, and does not
 * resolve to, an address on this machine or a private, link-local (cloud metadata) or otherwise
 * non-public network — unless an operator allowed that origin. Run it when the URL is saved and
 * again right before each call, so a DNS answer changed after saving (rebinding) is caught.
 */
export async function checkProviderUrl(raw: string, policy: ProviderUrlPolicy): Promise<ProviderUrlCheck> {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password) {
    return refuse("The base URL must be an https:// URL without credentials in it.");
  }
  const host = normaliseHost(url.hostname);
  if (allowsPrivate(policy.allowPrivateOrigins, url)) return { ok: true, url, operatorAllowed: true };
  if (url.protocol !== "https:") {
    return refuse(`The base URL must use https:// (plain http is only for origins an operator allows).`);
  }
  if (isIPv4(host) || isIPv6(host)) {
    const reason = blockedReason(host);
    return reason ? refuse(notAllowed(host, reason)) : { ok: true, url, operatorAllowed: false };
  }
  if (host === "localhost" || host.endsWith(".localhost")) return refuse(notAllowed(host, "this machine"));
  let addresses: { address: string }[];
  try {
    addresses = await (policy.lookup ?? systemLookup)(host);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0) {
    return {
      ok: false,
      reason: "unresolvable",
      message: `The host ${host} of the base URL could not be found; check the address.`,
    };
  }
  for (const { address } of addresses) {
    const reason = blockedReason(address);
    if (reason) return refuse(notAllowed(`${host} (${address})`, reason));
  }
  return { ok: true, url, operatorAllowed: false };
}

const notAllowed = (what: string, reason: string) =>
  `The base URL points to ${what}, which is ${reason}; provider URLs must reach a public address. ` +
  "An operator can allow a private origin (scheme, host and port) with ALLOW_PRIVATE_PROVIDER_URLS.";

const refuse = (message: string): ProviderUrlCheck => ({ ok: false, reason: "not_allowed", message });

function inRange(bytes: number[], range: Range): boolean {
  if (bytes.length !== range.bytes.length) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

function ipv4Bytes(text: string): number[] | undefined {
  if (!isIPv4(text)) return undefined;
  return text.split(".").map(Number);
}

/** 16 bytes of an IPv6 address in any of its textual forms (`::`, a trailing dotted quad). */
function ipv6Bytes(text: string): number[] | undefined {
  if (!isIPv6(text)) return undefined;
  let groups = text;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (quad) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(quad) ?? [];
    groups = `${text.slice(0, -quad.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = groups.split("::");
  const parse = (part: string) => (part ? part.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  const words = [...front, ...new Array(8 - front.length - back.length).fill(0), ...back];
  return words.flatMap((w) => [(w >> 8) & 0xff, w & 0xff]);
}
