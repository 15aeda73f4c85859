import { CreateTokenRequest, TotpCodeRequest, TotpSetupRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import type { Context } from "koa";
import type { Accounts, Principal } from "../../services/accounts/accounts.js";
import type { Throttle } from "../../services/shared/throttle.js";
import { metaOf, principalOf } from "../auth.js";
import { fail } from "../errors.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

export function meRoutes({
  accounts,
  passwordThrottle,
}: {
  accounts: Accounts;
  /** The login's per-account brake, for the password typed again. */
  passwordThrottle: Throttle;
}): Router {
  const router = newRouter();

  // A keys grant may read it too: its keys manager must say whose vault it opened.
  router.get("/me", (ctx) => {
    ctx.body = principalOf(ctx, ["read", "keys"]).user;
  });

  /**
   * The second factor changes only on a sign-in session that signed in recently, or with the
   * password again; wrong passwords here count against the account like failed logins.
   */
  const confirmSignIn = async (ctx: Context, principal: Principal, password: string | undefined) => {
    const keys = [`email:${principal.user.email}`];
    if (password !== undefined) await passwordThrottle.check(keys);
    try {
      await accounts.confirmRecentSignIn(principal, password, metaOf(ctx));
    } catch (err) {
      if (password !== undefined && (err as { status?: number }).status === 401) {
        await passwordThrottle.failure(keys);
      }
      throw err;
    }
  };

  router.post("/me/mfa/totp/setup", async (ctx) => {
    const principal = principalOf(ctx, "write");
    const { password } = body(ctx, TotpSetupRequest);
    await confirmSignIn(ctx, principal, password);
    ctx.body = await accounts.startTotpSetup(principal, metaOf(ctx));
  });

  // Each of these takes a code, counted per user like the login's second step (see accounts).
  const withCode =
    (action: "enableTotp" | "disableTotp" | "regenerateRecoveryCodes") => async (ctx: Context) => {
      const principal = principalOf(ctx, "write");
      const { code, password } = body(ctx, TotpCodeRequest);
      await confirmSignIn(ctx, principal, password);
      const result = await accounts[action](principal, code, metaOf(ctx));
      if (result) ctx.body = result;
      else ctx.status = 204;
    };
  router.post("/me/mfa/totp/enable", withCode("enableTotp"));
  router.post("/me/mfa/totp/disable", withCode("disableTotp"));
  router.post("/me/mfa/recovery-codes", withCode("regenerateRecoveryCodes"));

  router.get("/me/tokens", async (ctx) => {
    ctx.body = await accounts.listTokens(principalOf(ctx));
  });

  router.post("/me/tokens", async (ctx) => {
    const principal = principalOf(ctx, "write");
    if (principal.via === "token") {
      // A leaked token must not be able to mint more tokens.
      throw fail.authorization("session_required", "Create access tokens from a signed-in session.");
    }
    ctx.status = 201;
    ctx.body = await accounts.createToken(principal, body(ctx, CreateTokenRequest), metaOf(ctx));
  });

  router.delete("/me/tokens/:id", async (ctx) => {
    const id = ctx.params.id ?? "";
    // A token may always give itself up, whatever its scopes (a keys grant when its frame is done);
    // revoking any other token takes `write`.
    const self = ctx.state.principal?.tokenId === id ? ctx.state.principal : undefined;
    await accounts.revokeToken(self ?? principalOf(ctx, "write"), id, metaOf(ctx));
    ctx.status = 204;
  });

  return router;
}
