import type { LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { Agent } from "undici";
import {
  blockedReason,
  checkProviderUrl,
  type LookupAll,
  type ProviderUrlPolicy,
  systemLookup,
} from "../vault/provider-url.js";

export type PinnedUrl =
  | { ok: true; dispatcher: Agent }
  | { ok: false; reason: "not_allowed" | "unresolvable"; message: string };

/**
 * Checks a user's URL (a provider's base URL, a webhook's) right before a call and returns a
 * connection pool that can reach only the addresses that check accepted: the name is not resolved
 * again when connecting, so an answer that changes between the check and the connection (DNS
 * rebinding) has no effect. The tutor's provider calls, key verification and webhook deliveries
 * all connect through it.
 */
export async function pinnedDispatcher(target: string, policy: ProviderUrlPolicy): Promise<PinnedUrl> {
  const resolve = policy.lookup ?? systemLookup;
  const checked: { address: string; family: number }[] = [];
  const recording: LookupAll = async (hostname) => {
    const answer = await resolve(hostname);
    checked.push(...answer);
    return answer;
  };
  const check = await checkProviderUrl(target, { ...policy, lookup: recording });
  if (!check.ok) return check;
  const host = check.url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const { operatorAllowed } = check;

  // An operator-allowed origin skips the address check, but its host is still resolved once and pinned.
  if (operatorAllowed && !isIP(host)) checked.push(...(await resolve(host).catch(() => [])));
  const permitted = checked.filter((a) => operatorAllowed || blockedReason(a.address) === undefined);

  const lookup: LookupFunction = (hostname, options, callback) => {
    // Only what was resolved and accepted above; never a fresh answer.
    const addresses = Promise.resolve(hostname.toLowerCase() === host ? permitted : []);
    addresses.then(
      (list) => {
        const first = list[0];
        if (!first) {
          const err = Object.assign(new Error(`no permitted address for ${hostname}`), { code: "ENOTFOUND" });
          callback(err, "", 4);
          return;
        }
        if ((options as { all?: boolean }).all) {
          (callback as unknown as (err: null, addresses: LookupAddress[]) => void)(
            null,
            list.map((a) => ({ address: a.address, family: a.family })),
          );
        } else {
          callback(null, first.address, first.family);
        }
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 4),
    );
  };
  return { ok: true, dispatcher: reusableAgent(host, operatorAllowed, permitted, lookup) };
}

/**
 * Pools pinned to the same host and the same accepted addresses are shared between calls, so a
 * busy tutor keeps its connections (and TLS sessions) alive instead of opening one per message.
 * Every call still checks the URL first; a changed answer is a different key, a different pool.
 */
const POOL_TTL_MS = 5 * 60_000;
const MAX_POOLS = 200;
const pools = new Map<string, { agent: Agent; until: number }>();

function reusableAgent(
  host: string,
  operatorAllowed: boolean,
  permitted: readonly { address: string; family: number }[],
  lookup: LookupFunction,
): Agent {
  const now = Date.now();
  const key = [host, operatorAllowed, ...permitted.map((a) => a.address).sort()].join("|");
  const pooled = pools.get(key);
  if (pooled && pooled.until > now) return pooled.agent;
  if (pooled) retire(key);
  while (pools.size >= MAX_POOLS) retire(pools.keys().next().value as string);
  const agent = new Agent({ connect: { lookup } });
  pools.set(key, { agent, until: now + POOL_TTL_MS });
  return agent;
}

/** Out of the cache; its open requests finish, then its connections close. */
function retire(key: string) {
  const pooled = pools.get(key);
  pools.delete(key);
  pooled?.agent.close().catch(() => undefined);
}
