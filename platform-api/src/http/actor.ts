import type { TokenScope } from "@codeground/sdk";
import type { Context } from "koa";
import type { CodeActor } from "../services/judging/execution-limit.js";
import { principalOf } from "./auth.js";
import { fail } from "./errors.js";

/**
 * Who is running or submitting code: the signed-in principal (with `scope`), or else a learner
 * of an embed. Neither is a 401.
 */
export function codeActorOf(ctx: Context, scope: TokenScope = "read"): CodeActor {
  if (ctx.state.principal) return { principal: principalOf(ctx, scope) };
  if (ctx.state.learner) return { learner: ctx.state.learner };
  throw fail.authentication("unauthenticated", "Sign in, or send an access token.");
}
