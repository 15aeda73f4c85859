import type { Knex } from "knex";
import type { Logger } from "pino";
import { type BankEntry, loadBank } from "../../bank/index.js";
import type { AuditLog } from "../audit/audit.js";
import { type Clock, iso, systemClock } from "../shared/clock.js";
import { checkDocument } from "./problem-documents.js";
import { insertProblem } from "./problem-store.js";
import { sandboxLanguages } from "./problems.js";

export interface SeedResult {
  inserted: string[];
  /** Already present (by slug): left as they are, whoever owns them now. */
  skipped: string[];
  /** Bank problems that fail the checks authors' problems must pass: not inserted. */
  invalid: { slug: string; issues: string[] }[];
}

/**
 * Inserts the built-in bank's problems that are not there yet: public (unless a document says
 * otherwise), owned by no one, reference solutions kept for admins. Safe to run again.
 */
export async function seedBank(
  {
    db,
    audit,
    clock = systemClock,
    languages,
  }: {
    db: Knex;
    audit?: AuditLog;
    clock?: Clock;
    languages: ReadonlySet<string>;
  },
  bank: BankEntry[],
): Promise<SeedResult> {
  const result: SeedResult = { inserted: [], skipped: [], invalid: [] };
  const present = new Set<string>(
    (
      await db("problems")
        .whereIn(
          "slug",
          bank.map((e) => e.problem.slug),
        )
        .select("slug")
    ).map((r) => r.slug),
  );
  const at = iso(clock.now());
  for (const { problem } of bank) {
    if (present.has(problem.slug)) {
      result.skipped.push(problem.slug);
      continue;
    }
    const issues = checkDocument(problem, languages);
    if (issues.length) {
      result.invalid.push({ slug: problem.slug, issues: issues.map((i) => `${i.path}: ${i.message}`) });
      continue;
    }
    await db.transaction((trx) => insertProblem(trx, problem, null, at));
    result.inserted.push(problem.slug);
  }
  if (result.inserted.length && audit) {
    await audit.record({
      action: "problem.seeded",
      actorType: "system",
      targetType: "problem",
      details: { inserted: result.inserted },
    });
  }
  return result;
}

/**
 * On start: seeds the bank into a database that has no problem yet. A broken bank is logged, not
 * fatal: the API serves without it.
 */
export async function seedBankOnStart({ db, audit, logger }: { db: Knex; audit: AuditLog; logger: Logger }) {
  try {
    const row = await db("problems").count({ n: "*" }).first();
    if (Number(row?.n ?? 0) > 0) return;
    const result = await seedBank({ db, audit, languages: await sandboxLanguages() }, await loadBank());
    logger.info({ inserted: result.inserted.length }, "seeded the problem bank");
    for (const { slug, issues } of result.invalid) logger.error({ slug, issues }, "bank problem not seeded");
  } catch (err) {
    logger.error({ err }, "could not seed the problem bank");
  }
}
