import { randomBytes } from "node:crypto";
import { startApi, type TestApi } from "../../../platform-api/test/support/api.js";
import { databases, type TestDatabase } from "../../../platform-api/test/support/databases.js";
import { Codeground } from "../../src/index.js";

export { startApi, type TestApi };

/** SQLite is enough here: the database suites live with platform-api; these test the client. */
const sqlite = databases.find((d) => d.name === "sqlite");

/** A fresh, migrated SQLite database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!sqlite) throw new Error("no SQLite target");
  return sqlite.create();
}

/** The real platform API on a fresh SQLite database, over real HTTP on loopback. */
export async function startTestApi(options: Parameters<typeof startApi>[1] = {}) {
  const db = await createTestDatabase();
  const api = await startApi(db.knex, options);
  return {
    api,
    db,
    async close() {
      await api.close();
      await db.destroy();
    },
  };
}

export const PASSWORD = "correct horse battery staple";

let n = 0;

/** A new account through the SDK; `role` is set in the database before its first request. */
export async function newAccount(api: TestApi, role: "learner" | "author" | "admin" = "learner") {
  const anonymous = new Codeground({ baseUrl: api.url });
  const email = `sdk${++n}-${randomBytes(4).toString("hex")}@example.com`;
  const accepted = await anonymous.auth.signup({ email, password: PASSWORD, displayName: `User ${n}` });
  if (accepted.status !== "verification_sent") throw new Error("signup answered something else");
  // The address counts as verified (a fixture: following the mailed link is email-verification.test.ts's).
  await api.db("users").where({ email }).update({ email_verified_at: new Date().toISOString() });
  if (role !== "learner") await api.db("users").where({ email }).update({ role });
  const session = await anonymous.auth.login({ email, password: PASSWORD });
  if (session.mfaRequired || !session.token) throw new Error("login answered no token");
  return { email, session, token: session.token, cg: anonymous.withToken(session.token) };
}

/** A stdio problem document: sum of two integers, one sample and two hidden tests. */
export function sumProblem(slug = `sdk-sum-${randomBytes(3).toString("hex")}`) {
  return {
    slug,
    title: "Sum two",
    statement: "Read two integers and print their **sum**.",
    difficulty: "easy" as const,
    categories: ["math"],
    languages: ["python"],
    limits: { timeMs: 2000, memoryMb: 128 },
    judge: { mode: "stdio" as const, compare: "tokens" as const },
    starter: { python: "a, b = map(int, input().split())\n" },
    tests: [
      { name: "small", input: "1 2\n", expected: "3\n", sample: true },
      { input: "10 -4\n", expected: "6\n" },
      { input: "-5 -6\n", expected: "-11\n" },
    ],
  };
}

export const PY_SUM = "a, b = map(int, input().split())\nprint(a + b)\n";
