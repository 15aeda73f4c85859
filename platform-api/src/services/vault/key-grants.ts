import { KeyGrant, type KeyGrantRequest, type TokenScope } from "@codeground/sdk";
import type { z } from "zod";
import { fail } from "../../http/errors.js";
import type { Accounts, Principal, RequestMeta } from "../accounts/accounts.js";
import type { AuditLog } from "../audit/audit.js";
import { embedOriginOk } from "../embeds/embed-origins.js";
import { configOf, type Embeds } from "../embeds/embeds.js";

/** How long a keys grant lasts: the keys frame asks for a new one (another popup) after that. */
export const KEY_GRANT_TTL_MS = 3600 * 1000;
/** The vault and the choice of key per task, and nothing else (see `TokenScope`). */
export const KEY_GRANT_SCOPES: TokenScope[] = ["keys", "keys:write"];
/** An access token's name is at most this long (`CreateTokenRequest`). */
const TOKEN_NAME_MAX = 100;

/** The refusal for anything but a signed-in Codeground window (a token, a learner, a bearer session). */
export const sessionRequired = () =>
  fail.authorization(
    "session_required",
    "Grant the keys manager access from a signed-in Codeground window: the window it opens, where you sign in.",
  );

export interface KeyGrantDeps {
  accounts: Accounts;
  embeds: Embeds;
  audit: AuditLog;
  /** Our own origin (`PUBLIC_URL`), which every embed allows (the frames are served from it). */
  ownOrigin: string;
}

/**
 * Keys grants: a signed-in user lets the keys manager an embed shows on a host page manage their
 * key vault for an hour, through an ordinary access token listed (and revocable) with their others.
 */
export function createKeyGrants({ accounts, embeds, audit, ownOrigin }: KeyGrantDeps) {
  return {
    /**
     * Mints the grant for the embed `publishableKey` names, shown on `origin`. The caller checks
     * that the session came as the cookie (a Codeground window); this checks the embed.
     */
    async grantKeys(
      principal: Principal,
      input: z.output<typeof KeyGrantRequest>,
      meta: RequestMeta,
    ): Promise<KeyGrant> {
      if (principal.via !== "session") throw sessionRequired();
      // The schema takes an allowed-origins entry, patterns too; a grant is for one page's origin.
      if (input.origin.includes("*")) {
        throw fail.validation("invalid_request", "Some fields are missing or not valid.", [
          {
            path: "origin",
            message: "name the page's own origin, such as https://course.example.edu, not a pattern",
          },
        ]);
      }
      // A refusal is worth knowing about: a stale page at best, someone fishing for a grant at worst.
      const refuse = async (reason: string, embedId: string | null, error: Error) => {
        await audit.record({
          action: "embed.keys_grant_refused",
          actorId: principal.user.id,
          targetType: embedId ? "embed" : null,
          targetId: embedId,
          details: { reason, origin: input.origin },
          ip: meta.ip ?? null,
          userAgent: meta.userAgent ?? null,
          requestId: meta.requestId ?? null,
        });
        throw error;
      };
      const embed = await embeds.byPublishableKey(input.publishableKey);
      if (!embed) {
        return refuse(
          "unknown_key",
          null,
          fail.notFound(
            "embed_not_found",
            "No embed has this publishable key; the page that opened this window may be out of date.",
          ),
        );
      }
      const config = configOf(embed);
      if (!config.features.includes("keys")) {
        return refuse(
          "keys_not_enabled",
          embed.id,
          fail.authorization(
            "keys_not_enabled",
            "This embed does not offer the keys manager; its owner can turn it on in the embed's settings.",
          ),
        );
      }
      if (!embedOriginOk(input.origin, config.allowedOrigins, ownOrigin)) {
        return refuse(
          "origin_not_allowed",
          embed.id,
          fail.authorization(
            "origin_not_allowed",
            `This embed is not allowed on ${input.origin}; its owner can add the origin in the embed's settings.`,
          ),
        );
      }

      const created = await accounts.createToken(
        principal,
        {
          name: `Keys manager on ${input.origin}`.slice(0, TOKEN_NAME_MAX),
          scopes: KEY_GRANT_SCOPES,
          expiresInMs: KEY_GRANT_TTL_MS,
        },
        meta,
      );
      await audit.record({
        action: "embed.keys_granted",
        actorId: principal.user.id,
        targetType: "embed",
        targetId: embed.id,
        details: { origin: input.origin, tokenId: created.id },
        ip: meta.ip ?? null,
        userAgent: meta.userAgent ?? null,
        requestId: meta.requestId ?? null,
      });
      return KeyGrant.parse({
        token: created.token,
        tokenId: created.id,
        expiresAt: created.expiresAt,
        user: { email: principal.user.email, displayName: principal.user.displayName },
      });
    },
  };
}

export type KeyGrants = ReturnType<typeof createKeyGrants>;
