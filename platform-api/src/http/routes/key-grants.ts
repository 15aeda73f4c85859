import { KeyGrantRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import { type KeyGrants, sessionRequired } from "../../services/vault/key-grants.js";
import { metaOf, principalOf } from "../auth.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

/**
 * Keys grants for the keys manager inside an embed. Its frame cannot use the portal's
 * SameSite=Strict cookie, so it opens a Codeground window where the user signs in; that window
 * asks here, on the cookie (the CSRF check makes it our own origin), and hands the token to the frame.
 */
export function keyGrantRoutes({ keyGrants }: { keyGrants: KeyGrants }): Router {
  const router = newRouter();

  router.post("/embed/key-grants", async (ctx) => {
    // Only the person at a Codeground window, signed in by the cookie: a bearer token (an access
    // token, even a session's token) can be carried anywhere, and a leaked one must not mint more.
    // A learner token reaches /embed/… (that path serves learners) but is no account.
    if (ctx.state.learner || (ctx.state.principal && ctx.state.credential !== "cookie")) {
      throw sessionRequired();
    }
    const principal = principalOf(ctx, "write");
    const input = body(ctx, KeyGrantRequest);
    const grant = await keyGrants.grantKeys(principal, input, metaOf(ctx));
    ctx.set("Cache-Control", "no-store");
    ctx.status = 201;
    ctx.body = grant;
  });

  return router;
}
