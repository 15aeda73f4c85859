import { ProblemExport, ProblemImportResult } from "@codeground/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { loadBank } from "../src/bank/index.js";
import { seedBank } from "../src/services/problems/problem-seed.js";
import { sandboxLanguages } from "../src/services/problems/problems.js";
import { expectError, startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";
import { problemFixtures } from "./support/problems.js";

describe.each(databases)("problem import, export and the bank on $name", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  const { account, stdio, fn } = problemFixtures(() => api);

  beforeAll(async () => {
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex);
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
  });

  /** A raw request, for bodies that are not JSON. */
  async function send(method: string, path: string, token: string | undefined, body: string, type: string) {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), "Content-Type": type },
      body: method === "GET" ? undefined : body,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text
    }
    // biome-ignore lint/suspicious/noExplicitAny: tests read response fields freely, as api.call's answers
    return { status: res.status, body: parsed as any, headers: res.headers, text };
  }

  const slugCount = async (slugs: string[]) =>
    Number((await api.db("problems").whereIn("slug", slugs).count({ n: "*" }).first())?.n ?? 0);

  it("imports all documents or none, reporting each invalid one by its index", async () => {
    const author = await account("author");
    const good = [stdio().doc, fn(), stdio().doc];
    const bad = [
      good[0],
      { ...stdio().doc, difficulty: "trivial" },
      fn({ tests: [{ args: [["x"]], expected: 1, sample: true }] }),
      good[2],
    ];
    const res = await api.call("POST", "/api/v1/problems/import", {
      token: author.token,
      body: { problems: bad },
    });
    const error = expectError(res, 400, "invalid_problems");
    const details = error.details as { index: number; path: string; message: string }[];
    expect([...new Set(details.map((d) => d.index))]).toEqual([1, 2]);
    expect(details).toContainEqual(expect.objectContaining({ index: 1, path: "difficulty" }));
    expect(details).toContainEqual(expect.objectContaining({ index: 2, path: "tests.0.args.0" }));
    expect(await slugCount(bad.map((d) => (d as { slug: string }).slug))).toBe(0);

    const dup = await api.call("POST", "/api/v1/problems/import", {
      token: author.token,
      body: { problems: [good[0], good[0]] },
    });
    expect((expectError(dup, 400, "invalid_problems").details as { index: number }[])[0]?.index).toBe(1);

    const ok = await api.call("POST", "/api/v1/problems/import", {
      token: author.token,
      body: { problems: good },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ProblemImportResult.parse(ok.body).problems).toEqual(
      good.map((d, index) => ({ index, slug: d.slug, action: "created", version: 1 })),
    );
    const again = await api.call("POST", "/api/v1/problems/import", {
      token: author.token,
      body: { problems: good },
    });
    expect(
      again.body.problems.map((p: { action: string; version: number }) => [p.action, p.version]),
    ).toEqual([
      ["updated", 2],
      ["updated", 2],
      ["updated", 2],
    ]);
    const audit = await api.db("audit_log").where({ action: "problem.imported", actor_id: author.userId });
    expect(audit).toHaveLength(2);
  });

  it("refuses to overwrite someone else's problem, and writes nothing of that import", async () => {
    const owner = await account("author");
    const intruder = await account("author");
    const { doc } = stdio();
    await api.call("POST", "/api/v1/problems", { token: owner.token, body: doc });
    const fresh = stdio().doc;
    const res = await api.call("POST", "/api/v1/problems/import", {
      token: intruder.token,
      body: { problems: [fresh, { ...doc, title: "Taken over" }] },
    });
    const error = expectError(res, 409, "problem_slug_taken");
    expect(error.details).toEqual([{ index: 1, slug: doc.slug }]);
    expect(await slugCount([fresh.slug])).toBe(0);
    const still = await api.call("GET", `/api/v1/problems/${doc.slug}`, { token: owner.token });
    expect(still.body).toMatchObject({ title: doc.title, version: 1 });
  });

  it("refuses imports from learners, without credentials, and with bodies that are not a list", async () => {
    const learner = await account("learner");
    const author = await account("author");
    const body = { problems: [stdio().doc] };
    expectError(await api.call("POST", "/api/v1/problems/import", { body }), 401, "unauthenticated");
    expectError(
      await api.call("POST", "/api/v1/problems/import", { token: learner.token, body }),
      403,
      "authors_only",
    );
    for (const wrong of [{}, { problems: [] }, { problems: "x" }, { problems: [1], more: true }]) {
      expectError(
        await api.call("POST", "/api/v1/problems/import", { token: author.token, body: wrong }),
        400,
        "invalid_request",
      );
    }
    expectError(
      await send("POST", "/api/v1/problems/import", author.token, "a: [1", "application/yaml"),
      400,
      "malformed_yaml",
    );
    expectError(
      await send("POST", "/api/v1/problems/import", author.token, "x", "text/csv"),
      415,
      "unsupported_media_type",
    );
    expectError(
      await send("POST", "/api/v1/problems", author.token, "a: 1", "application/yaml"),
      415,
      "unsupported_media_type",
    );
  });

  it("exports documents that import back unchanged, as YAML and as JSON", async () => {
    const author = await account("author");
    const other = await account("author");
    const docs = [stdio({ statement: "Multi-line\n\n---\n\nwith a rule, `code` and: colons" }).doc, fn()];
    for (const doc of docs) await api.call("POST", "/api/v1/problems", { token: author.token, body: doc });
    await api.call("POST", "/api/v1/problems", { token: other.token, body: stdio().doc });

    const json = await api.call("GET", "/api/v1/problems/export", { token: author.token });
    expect(json.status).toBe(200);
    const exported = ProblemExport.parse(json.body);
    expect(exported.problems.map((p) => p.slug)).toEqual(docs.map((d) => d.slug).sort());
    const bySlug = new Map(exported.problems.map((p) => [p.slug, p]));
    const stdioDoc = docs[0] as ReturnType<typeof stdio>["doc"];
    expect(bySlug.get(stdioDoc.slug)).toMatchObject({
      tests: [
        { name: "example", input: "1 2\n", expected: "3\n", sample: true },
        { input: stdioDoc.tests[1]?.input, expected: stdioDoc.tests[1]?.expected, sample: false },
        { name: "big", sample: false },
      ],
      solutions: stdioDoc.solutions,
    });

    const yaml = await send(
      "GET",
      `/api/v1/problems/export?format=yaml&slug=${docs.map((d) => d.slug).join(",")}`,
      author.token,
      "",
      "text/plain",
    );
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get("content-type")).toMatch(/^application\/yaml/);
    expect(parseYaml(yaml.text)).toEqual(parseYaml(toYaml(json.body)));

    const back = await send("POST", "/api/v1/problems/import", author.token, yaml.text, "application/yaml");
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.problems.map((p: { action: string }) => p.action)).toEqual(["updated", "updated"]);
    const after = await api.call("GET", "/api/v1/problems/export", { token: author.token });
    expect(after.body).toEqual(json.body);

    // The other YAML shapes: a bare list, and one document per section.
    const list = await send(
      "POST",
      "/api/v1/problems/import",
      author.token,
      toYaml(exported.problems),
      "text/yaml",
    );
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    const sections = exported.problems.map((p) => toYaml(p)).join("---\n");
    const multi = await send("POST", "/api/v1/problems/import", author.token, sections, "application/yaml");
    expect(multi.status, JSON.stringify(multi.body)).toBe(200);
    expect((await api.call("GET", "/api/v1/problems/export", { token: author.token })).body.problems).toEqual(
      exported.problems,
    );

    const admin = await account("admin");
    const all = await api.call("GET", "/api/v1/problems/export", { token: admin.token });
    expect(all.body.problems.length).toBeGreaterThanOrEqual(3);
    expectError(
      await api.call("GET", "/api/v1/problems/export?format=xml", { token: author.token }),
      400,
      "invalid_request",
    );
    expectError(await api.call("GET", "/api/v1/problems/export"), 401, "unauthenticated");
  });

  it("takes problem bodies beyond 1 MB, up to 32 MB, and says so beyond", async () => {
    const author = await account("author");
    const big = "9 ".repeat(1024 * 1024);
    const { doc } = stdio();
    doc.tests.push({ name: "large", input: big, expected: "x\n", sample: false } as never);
    const res = await api.call("POST", "/api/v1/problems/import", {
      token: author.token,
      body: { problems: [doc] },
    });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    const one = await api.call("GET", `/api/v1/problems/${doc.slug}`, { token: author.token });
    expect(JSON.stringify(one.body)).not.toContain("9 9 9");

    const huge = JSON.stringify({ problems: [{ ...doc, statement: "x".repeat(33 * 1024 * 1024) }] });
    const error = expectError(
      await send("POST", "/api/v1/problems/import", author.token, huge, "application/json"),
      413,
      "body_too_large",
    );
    expect(error.message).toContain("32 MB");
    // Elsewhere the API-wide limit holds.
    expectError(
      await send(
        "POST",
        "/api/v1/me/tokens",
        author.token,
        JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }),
        "application/json",
      ),
      413,
      "body_too_large",
    );
    // Strangers never get the larger limit: a made-up token is refused before any body is read,
    // and no token at all leaves the API-wide 1 MB limit in force.
    const twoMb = JSON.stringify({ problems: [{ ...doc, statement: "x".repeat(2 * 1024 * 1024) }] });
    expectError(
      await send(
        "POST",
        "/api/v1/problems/import",
        "cgs_made_up_token_0123456789",
        twoMb,
        "application/json",
      ),
      401,
      "invalid_token",
    );
    expectError(
      await send("POST", "/api/v1/problems/import", undefined, twoMb, "application/json"),
      413,
      "body_too_large",
    );
  });

  it("seeds the built-in bank once: public, owned by no one, solutions kept for admins", async () => {
    const bank = await loadBank();
    expect(bank.length).toBeGreaterThan(0);
    const languages = await sandboxLanguages();
    const first = await seedBank({ db: api.db, audit: api.app.audit, languages }, bank);
    expect(first.invalid).toEqual([]);
    expect(first.inserted.sort()).toEqual(bank.map((e) => e.problem.slug).sort());
    const second = await seedBank({ db: api.db, audit: api.app.audit, languages }, bank);
    expect(second.inserted).toEqual([]);
    expect(second.skipped.sort()).toEqual(first.inserted.sort());
    expect(await slugCount(first.inserted)).toBe(bank.length);

    const entry = bank[0];
    if (!entry) throw new Error("empty bank");
    const learner = await account("learner");
    const admin = await account("admin");
    const view = await api.call("GET", `/api/v1/problems/${entry.problem.slug}`, { token: learner.token });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      authorId: null,
      visibility: entry.problem.visibility,
      editable: false,
    });
    expect(view.body.samples.length).toBe(entry.problem.tests.filter((t) => t.sample).length);
    const withSolutions = await api.call("GET", `/api/v1/problems/${entry.problem.slug}?include=solutions`, {
      token: admin.token,
    });
    expect(withSolutions.body.solutions).toEqual(entry.problem.solutions ?? {});
    const author = await account("author");
    expectError(
      await api.call("GET", `/api/v1/problems/${entry.problem.slug}?include=solutions`, {
        token: author.token,
      }),
      403,
      "solutions_hidden",
    );
  });
});
