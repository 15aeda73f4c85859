import { ProblemDetailQuery, ProblemDocument, ProblemExportQuery, ProblemQuery } from "@codeground/sdk";
import type Router from "@koa/router";
import type { Context } from "koa";
import { stringify as toYaml } from "yaml";
import { z } from "zod";
import type { Actor } from "../../services/problems/problem-access.js";
import type { Problems } from "../../services/problems/problems.js";
import { metaOf, principalOf } from "../auth.js";
import { fail } from "../errors.js";
import { newRouter } from "../router.js";
import { body, parse } from "../validate.js";

/** A signed-in principal (read scope), or a learner inside an embed. */
function actorOf(ctx: Context): Actor {
  if (ctx.state.principal) return { principal: principalOf(ctx, "read") };
  if (ctx.state.learner) return { learner: ctx.state.learner };
  throw fail.authentication("unauthenticated", "Sign in, or send an access token.");
}

/** The envelope only: each document is validated on its own, so errors name its index. */
const ImportEnvelope = z.object({ problems: z.array(z.unknown()).min(1).max(100) }).strict();

/** `/problems`: browse, read, author, import and export problems. */
export function problemRoutes({ problems }: { problems: Problems }): Router {
  const router = newRouter();

  router.get("/problems", async (ctx) => {
    const actor = actorOf(ctx);
    ctx.body = await problems.list(actor, parse(ProblemQuery, ctx.query));
  });

  router.post("/problems", async (ctx) => {
    const principal = principalOf(ctx, "write");
    const created = await problems.create(principal, body(ctx, ProblemDocument), metaOf(ctx));
    ctx.status = 201;
    ctx.body = created;
  });

  // Before `/problems/:slug`, which would otherwise take these paths.
  router.post("/problems/import", async (ctx) => {
    const principal = principalOf(ctx, "write");
    const { problems: documents } = body(ctx, ImportEnvelope);
    ctx.body = await problems.importMany(principal, documents, metaOf(ctx));
  });

  router.get("/problems/export", async (ctx) => {
    const principal = principalOf(ctx, "read");
    const { format, slug } = parse(ProblemExportQuery, ctx.query);
    const slugs = slug
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const exported = await problems.exportMany(principal, slugs?.length ? slugs : undefined);
    if (format === "yaml") {
      ctx.type = "application/yaml; charset=utf-8";
      ctx.set("Content-Disposition", 'attachment; filename="problems.yaml"');
      ctx.body = toYaml(exported, { lineWidth: 0 });
    } else {
      ctx.set("Content-Disposition", 'attachment; filename="problems.json"');
      ctx.body = exported;
    }
  });

  router.get("/problems/:slug", async (ctx) => {
    const actor = actorOf(ctx);
    const { include } = parse(ProblemDetailQuery, ctx.query);
    ctx.body = await problems.get(ctx.params.slug ?? "", actor, { solutions: include === "solutions" });
  });

  router.put("/problems/:slug", async (ctx) => {
    const principal = principalOf(ctx, "write");
    ctx.body = await problems.update(
      principal,
      ctx.params.slug ?? "",
      body(ctx, ProblemDocument),
      metaOf(ctx),
    );
  });

  router.delete("/problems/:slug", async (ctx) => {
    await problems.remove(principalOf(ctx, "write"), ctx.params.slug ?? "", metaOf(ctx));
    ctx.status = 204;
  });

  return router;
}
