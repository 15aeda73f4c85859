import { loadManifests } from "@codeground/sandbox";
import {
  ProblemDocument,
  type ProblemExport,
  type ProblemImportResult,
  type ProblemPage,
  type ProblemQuery,
  type ProblemSummary,
  type ProblemView,
} from "@codeground/sdk";
import type { Knex } from "knex";
import type { z } from "zod";
import { isUniqueViolation } from "../../db/errors.js";
import { ApiError, fail } from "../../http/errors.js";
import type { Principal, RequestMeta } from "../accounts/accounts.js";
import type { AuditLog } from "../audit/audit.js";
import { type Clock, iso } from "../shared/clock.js";
import { type Actor, canSeeProblem, isAuthor, ownsProblem, whereVisible } from "./problem-access.js";
import { checkDocument, type DocumentIssue } from "./problem-documents.js";
import {
  categoriesOf,
  countTests,
  documentOf,
  insertProblem,
  loadRecord,
  type ProblemRecord,
  type ProblemRow,
  problemBySlug,
  recordOf,
  replaceProblem,
  type StoredTest,
  testsOf,
} from "./problem-store.js";
import { statementHtml } from "./statement-html.js";

export type { Actor } from "./problem-access.js";
export type { ProblemRecord, StoredTest } from "./problem-store.js";

export interface ProblemDeps {
  db: Knex;
  audit: AuditLog;
  clock: Clock;
  /** Language ids the sandbox runs; by default read from its language manifests. */
  languages?: () => Promise<ReadonlySet<string>>;
}

/** A problem with every test, for judging a submission. */
export interface ProblemForJudging {
  problem: ProblemRecord;
  tests: StoredTest[];
}

/** An import document that failed, by its position in the list. */
export interface ImportIssue extends DocumentIssue {
  index: number;
}

const notFound = () =>
  fail.notFound("problem_not_found", "No problem has this slug, or it is not shared with you.");

const auditMeta = (meta: RequestMeta) => ({
  ip: meta.ip ?? null,
  userAgent: meta.userAgent ?? null,
  requestId: meta.requestId ?? null,
});

/** The language ids of the sandbox's manifests. */
export const sandboxLanguages = async () => new Set((await loadManifests()).keys());

/** Problems: listing, reading (learner-safe), authoring, import/export, and what judging needs. */
export function createProblems({ db, audit, clock, languages = sandboxLanguages }: ProblemDeps) {
  const now = () => iso(clock.now());
  let known: Promise<ReadonlySet<string>> | undefined;
  const knownLanguages = () => {
    known ??= languages().catch((err) => {
      known = undefined;
      throw err;
    });
    return known;
  };

  /** The problem if the actor may see it; otherwise the same 404 as a slug that does not exist. */
  async function visible(slug: string, actor: Actor): Promise<ProblemRecord> {
    const row = await problemBySlug(db, slug);
    if (!row || !(canSeeProblem(recordOf(row, []), actor) || (await courseMemberSees(row, actor)))) {
      throw notFound();
    }
    return loadRecord(db, row);
  }

  /** A private problem of a course, for that course's members (staff and portal learners). */
  async function courseMemberSees(row: ProblemRow, actor: Actor): Promise<boolean> {
    if (!actor.principal || !row.course_id) return false;
    const member = await db("course_members")
      .where({ course_id: row.course_id, user_id: actor.principal.user.id })
      .first("role");
    return member !== undefined;
  }

  /** The problem if the principal may change it: 404 when they cannot see it, 403 when not theirs. */
  async function owned(slug: string, principal: Principal): Promise<ProblemRow> {
    const row = await problemBySlug(db, slug);
    const problem = row && recordOf(row, []);
    if (!row || !problem || !canSeeProblem(problem, { principal })) throw notFound();
    if (!ownsProblem(problem, principal)) {
      throw fail.authorization("not_problem_owner", "Only this problem's author or an admin can change it.");
    }
    return row;
  }

  function assertAuthor(principal: Principal): void {
    if (!isAuthor(principal)) {
      throw fail.authorization(
        "authors_only",
        "Only authors can write problems; ask an admin to give your account the author role.",
      );
    }
  }

  async function assertValid(doc: ProblemDocument): Promise<void> {
    const issues = checkDocument(doc, await knownLanguages());
    if (issues.length) throw fail.validation("invalid_problem", "The problem document is not valid.", issues);
  }

  async function view(problem: ProblemRecord, actor: Actor, withSolutions: boolean): Promise<ProblemView> {
    const editable = actor.principal ? ownsProblem(problem, actor.principal) : false;
    if (withSolutions && !editable) {
      throw fail.authorization(
        "solutions_hidden",
        "Reference solutions are shown only to the problem's author and admins.",
      );
    }
    const samples = await testsOf(db, problem, { samplesOnly: true });
    return {
      slug: problem.slug,
      title: problem.title,
      statement: problem.statement,
      statementHtml: statementHtml(`${problem.id}:${problem.version}`, problem.statement),
      difficulty: problem.difficulty,
      categories: problem.categories,
      languages: problem.languages,
      limits: problem.limits,
      judge: problem.judge,
      starter: problem.starter,
      samples: samples.map((t) => ({
        name: t.name,
        ...(problem.judge.mode === "function" ? { args: t.args ?? [] } : { input: t.input }),
        expected: t.expected,
      })),
      testCount: await countTests(db, problem.id),
      visibility: problem.visibility,
      authorId: problem.authorId,
      version: problem.version,
      createdAt: problem.createdAt,
      updatedAt: problem.updatedAt,
      editable,
      ...(withSolutions ? { solutions: problem.solutions ?? {} } : {}),
    };
  }

  const summaryOf = (p: ProblemRecord): ProblemSummary => ({
    slug: p.slug,
    title: p.title,
    difficulty: p.difficulty,
    categories: p.categories,
    languages: p.languages,
    judgeMode: p.judge.mode,
    visibility: p.visibility,
    authorId: p.authorId,
    version: p.version,
    updatedAt: p.updatedAt,
  });

  /** Validates a list of documents, each on its own; every issue carries its document's index. */
  async function validateAll(input: unknown[]): Promise<{ docs: ProblemDocument[]; issues: ImportIssue[] }> {
    const languageIds = await knownLanguages();
    const docs: ProblemDocument[] = [];
    const issues: ImportIssue[] = [];
    const seen = new Map<string, number>();
    input.forEach((raw, index) => {
      const parsed = ProblemDocument.safeParse(raw);
      if (!parsed.success) {
        for (const i of parsed.error.issues)
          issues.push({ index, path: i.path.join("."), message: i.message });
        return;
      }
      for (const issue of checkDocument(parsed.data, languageIds)) issues.push({ index, ...issue });
      const first = seen.get(parsed.data.slug);
      if (first !== undefined) {
        issues.push({
          index,
          path: "slug",
          message: `the slug ${parsed.data.slug} is already used by problem ${first}`,
        });
      }
      seen.set(parsed.data.slug, index);
      docs.push(parsed.data);
    });
    return { docs, issues };
  }

  return {
    /** Problems the actor may see, by slug, a page at a time. */
    async list(actor: Actor, query: z.output<typeof ProblemQuery>): Promise<ProblemPage> {
      const q = whereVisible(db<ProblemRow>("problems"), actor)
        .orderBy("problems.slug")
        .limit(query.limit + 1);
      if (query.cursor) q.where("problems.slug", ">", decodeCursor(query.cursor));
      if (query.difficulty) q.where("problems.difficulty", query.difficulty);
      if (query.language) q.where("problems.languages", "like", `%${JSON.stringify(query.language)}%`);
      if (query.category) {
        const category = query.category;
        q.whereExists((sub) =>
          sub
            .select(db.raw("1"))
            .from("problem_categories")
            .join("categories", "categories.id", "problem_categories.category_id")
            .whereRaw("problem_categories.problem_id = problems.id")
            .where("categories.slug", category),
        );
      }
      if (query.q) {
        const pattern = `%${escapeLike(query.q.toLowerCase())}%`;
        q.where((w) =>
          w
            .whereRaw("lower(problems.title) like ? escape '\\'", [pattern])
            .orWhereRaw("problems.slug like ? escape '\\'", [pattern]),
        );
      }
      const rows: ProblemRow[] = await q.select("problems.*");
      const page = rows.slice(0, query.limit);
      const categories = await categoriesOf(
        db,
        page.map((r) => r.id),
      );
      const last = page[page.length - 1];
      return {
        items: page.map((r) => summaryOf(recordOf(r, categories.get(r.id) ?? []))),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last.slug) : null,
      };
    },

    /** One problem for the actor: statement, starter code and sample tests; solutions only on request, for owners. */
    async get(slug: string, actor: Actor, options: { solutions?: boolean } = {}): Promise<ProblemView> {
      return view(await visible(slug, actor), actor, options.solutions ?? false);
    },

    async create(principal: Principal, doc: ProblemDocument, meta: RequestMeta): Promise<ProblemView> {
      assertAuthor(principal);
      await assertValid(doc);
      if (await problemBySlug(db, doc.slug)) throw slugTaken(doc.slug);
      try {
        await db.transaction((trx) => insertProblem(trx, doc, principal.user.id, now()));
      } catch (err) {
        if (isUniqueViolation(err)) throw slugTaken(doc.slug);
        throw err;
      }
      const problem = await visible(doc.slug, { principal });
      await audit.record({
        action: "problem.created",
        actorId: principal.user.id,
        targetType: "problem",
        targetId: problem.id,
        details: { slug: problem.slug, visibility: problem.visibility, tests: doc.tests.length },
        ...auditMeta(meta),
      });
      return view(problem, { principal }, false);
    },

    /** Replaces the problem with the document and bumps its version; past submissions are not judged again. */
    async update(
      principal: Principal,
      slug: string,
      doc: ProblemDocument,
      meta: RequestMeta,
    ): Promise<ProblemView> {
      assertAuthor(principal);
      const row = await owned(slug, principal);
      if (doc.slug !== slug) {
        throw fail.validation(
          "slug_mismatch",
          "The document's slug must match the problem's slug in the URL.",
          [{ path: "slug", message: `expected ${slug}` }],
        );
      }
      await assertValid(doc);
      const version = await db.transaction((trx) => replaceProblem(trx, row, doc, now()));
      await audit.record({
        action: "problem.updated",
        actorId: principal.user.id,
        targetType: "problem",
        targetId: row.id,
        details: { slug, version, visibility: doc.visibility, tests: doc.tests.length },
        ...auditMeta(meta),
      });
      return view(await visible(slug, { principal }), { principal }, false);
    },

    async remove(principal: Principal, slug: string, meta: RequestMeta): Promise<void> {
      assertAuthor(principal);
      const row = await owned(slug, principal);
      await db("problems").where({ id: row.id }).delete();
      await audit.record({
        action: "problem.deleted",
        actorId: principal.user.id,
        targetType: "problem",
        targetId: row.id,
        details: { slug, version: Number(row.version) },
        ...auditMeta(meta),
      });
    },

    /**
     * Creates or updates every document, or none: each is validated first (issues carry its index),
     * then all are written in one transaction. A slug someone else owns is a conflict.
     */
    async importMany(
      principal: Principal,
      input: unknown[],
      meta: RequestMeta,
    ): Promise<ProblemImportResult> {
      assertAuthor(principal);
      const { docs, issues } = await validateAll(input);
      if (issues.length) {
        throw fail.validation(
          "invalid_problems",
          `${new Set(issues.map((i) => i.index)).size} of ${input.length} problem(s) are not valid; nothing was imported.`,
          issues,
        );
      }
      const existing = new Map<string, ProblemRow>();
      for (const row of await db<ProblemRow>("problems").whereIn(
        "slug",
        docs.map((d) => d.slug),
      ))
        existing.set(row.slug, row);
      const conflicts = docs.flatMap((doc, index) => {
        const row = existing.get(doc.slug);
        return row && !ownsProblem(recordOf(row, []), principal) ? [{ index, slug: doc.slug }] : [];
      });
      if (conflicts.length) {
        throw new ApiError(
          409,
          "conflict",
          "problem_slug_taken",
          "Some slugs belong to problems you do not own; rename those problems and import again. Nothing was imported.",
          conflicts,
        );
      }
      const at = now();
      let result: ProblemImportResult;
      try {
        result = await db.transaction(async (trx) => {
          const problems: ProblemImportResult["problems"] = [];
          for (const [index, doc] of docs.entries()) {
            const row = existing.get(doc.slug);
            if (row) {
              problems.push({
                index,
                slug: doc.slug,
                action: "updated",
                version: await replaceProblem(trx, row, doc, at),
              });
            } else {
              await insertProblem(trx, doc, principal.user.id, at);
              problems.push({ index, slug: doc.slug, action: "created", version: 1 });
            }
          }
          return { problems };
        });
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw fail.conflict(
            "problem_slug_taken",
            "A problem with one of these slugs was created meanwhile; import again.",
          );
        }
        throw err;
      }
      await audit.record({
        action: "problem.imported",
        actorId: principal.user.id,
        targetType: "problem",
        details: {
          created: result.problems.filter((p) => p.action === "created").map((p) => p.slug),
          updated: result.problems.filter((p) => p.action === "updated").map((p) => p.slug),
        },
        ...auditMeta(meta),
      });
      return result;
    },

    /** Full documents (hidden tests, solutions) of the caller's problems; admins may export any. */
    async exportMany(principal: Principal, slugs: string[] | undefined): Promise<ProblemExport> {
      let rows: ProblemRow[];
      if (slugs) {
        rows = [];
        for (const slug of [...new Set(slugs)].sort()) rows.push(await owned(slug, principal));
      } else {
        const q = db<ProblemRow>("problems").orderBy("slug");
        if (principal.user.role !== "admin") q.where({ author_id: principal.user.id });
        rows = await q;
      }
      const categories = await categoriesOf(
        db,
        rows.map((r) => r.id),
      );
      const problems: ProblemDocument[] = [];
      for (const row of rows) {
        const record = recordOf(row, categories.get(row.id) ?? []);
        problems.push(documentOf(record, await testsOf(db, record)));
      }
      return { problems };
    },

    /**
     * For judging a submission: the problem and all its tests, hidden ones included, in order.
     * Throws not_found when the actor may not see the problem. Never send the tests to a learner.
     */
    async forJudging(slug: string, actor: Actor): Promise<ProblemForJudging> {
      const problem = await visible(slug, actor);
      return { problem, tests: await testsOf(db, problem) };
    },

    /** The problem if the actor may see it (throws not_found otherwise); no tests. */
    visibleTo(slug: string, actor: Actor): Promise<ProblemRecord> {
      return visible(slug, actor);
    },
  };
}

export type Problems = ReturnType<typeof createProblems>;

const slugTaken = (slug: string) =>
  fail.conflict("problem_slug_taken", `A problem with the slug ${slug} already exists; choose another slug.`);

/** Cursors are opaque to clients: the last slug of the page, base64url-encoded. */
const encodeCursor = (slug: string) => Buffer.from(slug, "utf8").toString("base64url");

function decodeCursor(cursor: string): string {
  const slug = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) {
    throw fail.validation(
      "invalid_cursor",
      "The cursor is not one this API gave out; start from the first page.",
      [{ path: "cursor", message: "not a cursor from a previous page" }],
    );
  }
  return slug;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
