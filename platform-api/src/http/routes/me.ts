import { CreateTokenRequest, TotpCodeRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import type { Context } from "koa";
import type { Accounts } from "../../services/accounts.js";
import type { Throttle } from "../../services/throttle.js";
import { metaOf, principalOf } from "../auth.js";
import { fail } from "../errors.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

export function meRoutes({ accounts, mfaThrottle }: { accounts: Accounts; mfaThrottle: Throttle }): Router {
  const router = newRouter();

  router.get("/me", (ctx) => {
    ctx.body = principalOf(ctx).user;
  });

  router.post("/me/mfa/totp/setup", async (ctx) => {
    ctx.body = await accounts.startTotpSetup(principalOf(ctx, "write"), metaOf(ctx));
  });

  // Each of these takes a code, so each is brute-force braked like the login's second step.
  const withCode =
    (action: "enableTotp" | "disableTotp" | "regenerateRecoveryCodes") => async (ctx: Context) => {
      const principal = principalOf(ctx, "write");
      const { code } = body(ctx, TotpCodeRequest);
      const keys = [`mfa-user:${principal.user.id}`];
      await mfaThrottle.check(keys);
      try {
        const result = await accounts[action](principal, code, metaOf(ctx));
        await mfaThrottle.success(keys);
        if (result) ctx.body = result;
        else ctx.status = 204;
      } catch (err) {
        await mfaThrottle.failure(keys);
        throw err;
      }
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
