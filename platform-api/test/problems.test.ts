import { ProblemPage, ProblemView } from "@codeground/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Learner } from "../src/http/auth.js";
import { expectError, startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";
import { createEmbed, ORIGIN, startSession } from "./support/embeds.js";
import { problemFixtures } from "./support/problems.js";

type Res = { status: number; body: unknown; headers: Headers };

describe.each(databases)("problems on $name", (target) => {
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

  async function create(token: string, doc: unknown) {
    const res = await api.call("POST", "/api/v1/problems", { token, body: doc });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return ProblemView.parse(res.body);
  }

  /** An embed learner as the embed session middleware sets it. */
  const learnerIn = (embedOwnerId: string, problems: string[] | null): { learner: Learner } => ({
    learner: {
      sessionId: "s",
      embedId: "e",
      embedOwnerId,
      learnerRef: "anon:1",
      problems,
      executionsPerMinute: null,
    },
  });

  it("shows learners the statement, starter code and sample tests, never hidden tests or solutions", async () => {
    const author = await account("author");
    const learner = await account("learner");
    const { doc, hidden, solution } = stdio();
    const created = await create(author.token, doc);
    expect(created).toMatchObject({ slug: doc.slug, version: 1, editable: true, testCount: 3 });

    const one = await api.call("GET", `/api/v1/problems/${doc.slug}`, { token: learner.token });
    expect(one.status).toBe(200);
    const view = ProblemView.parse(one.body);
    expect(view).toMatchObject({
      slug: doc.slug,
      title: doc.title,
      statement: doc.statement,
      difficulty: "easy",
      categories: ["math"],
      languages: ["python", "cpp"],
      limits: { timeMs: 2000, memoryMb: 256 },
      judge: { mode: "stdio", compare: "tokens" },
      starter: doc.starter,
      samples: [{ name: "example", input: "1 2\n", expected: "3\n" }],
      testCount: 3,
      visibility: "public",
      authorId: author.userId,
      editable: false,
    });
    expect(view.statementHtml).toBe("<p>Read two integers and print their <strong>sum</strong>.</p>\n");
    expect(view.solutions).toBeUndefined();

    const list = await api.call("GET", "/api/v1/problems?limit=100", { token: learner.token });
    expect(list.status).toBe(200);
    expect(ProblemPage.parse(list.body).items.map((p) => p.slug)).toContain(doc.slug);

    for (const text of [JSON.stringify(one.body), JSON.stringify(list.body)]) {
      for (const marker of [...hidden.map((h) => h.trim()), solution]) expect(text).not.toContain(marker);
    }
    expectError(
      await api.call("GET", `/api/v1/problems/${doc.slug}?include=solutions`, { token: learner.token }),
      403,
      "solutions_hidden",
    );
  });

  it("shows reference solutions to the author and admins when asked", async () => {
    const author = await account("author");
    const admin = await account("admin");
    const other = await account("author");
    const { doc, solution } = stdio();
    await create(author.token, doc);
    for (const token of [author.token, admin.token]) {
      const res = await api.call("GET", `/api/v1/problems/${doc.slug}?include=solutions`, { token });
      expect(res.status).toBe(200);
      expect(res.body.solutions.python).toContain(solution);
    }
    const plain = await api.call("GET", `/api/v1/problems/${doc.slug}`, { token: author.token });
    expect(plain.body.solutions).toBeUndefined();
    expectError(
      await api.call("GET", `/api/v1/problems/${doc.slug}?include=solutions`, { token: other.token }),
      403,
      "solutions_hidden",
    );
    expectError(
      await api.call("GET", `/api/v1/problems/${doc.slug}?include=everything`, { token: author.token }),
      400,
      "invalid_request",
    );
  });

  it("serves function-mode problems with their signature and sample arguments", async () => {
    const author = await account("author");
    const doc = fn();
    await create(author.token, doc);
    const res = await api.call("GET", `/api/v1/problems/${doc.slug}`, { token: author.token });
    expect(res.body.judge).toEqual(doc.judge);
    expect(res.body.samples).toEqual([{ name: null, args: [[1, 2, 3]], expected: 6 }]);
    expect(JSON.stringify(res.body)).not.toContain("2147483648");
  });

  it("refuses documents that are not valid, saying where", async () => {
    const author = await account("author");
    const cases: [unknown, string, string][] = [
      [{ ...stdio().doc, slug: "Not A Slug" }, "invalid_request", "slug"],
      [{ ...stdio().doc, tests: [{ input: "1\n", expected: "1\n" }] }, "invalid_request", "tests"],
      [{ ...stdio().doc, extra: true }, "invalid_request", ""],
      [
        { ...stdio().doc, languages: ["python", "cobol"], starter: {}, solutions: {} },
        "invalid_problem",
        "languages.1",
      ],
      [
        fn({
          tests: [
            { args: [[1, 2]], expected: 3, sample: true },
            { args: [[1.5]], expected: 1 },
          ],
        }),
        "invalid_problem",
        "tests.1.args.0",
      ],
      [
        fn({ tests: [{ args: [[1]], expected: "one", sample: true }] }),
        "invalid_problem",
        "tests.0.expected",
      ],
      [
        fn({ tests: [{ args: [[2147483648]], expected: 1, sample: true }] }),
        "invalid_problem",
        "tests.0.args.0",
      ],
    ];
    for (const [doc, code, path] of cases) {
      const error = expectError(
        await api.call("POST", "/api/v1/problems", { token: author.token, body: doc }),
        400,
        code,
      );
      expect(
        (error.details as { path: string }[]).map((d) => d.path),
        JSON.stringify(error),
      ).toContain(path);
    }
    expectError(
      await api.call("POST", "/api/v1/problems", { token: author.token, body: "not an object" }),
      400,
      "malformed_json",
    );
  });

  it("lets only authors and admins write, with the write scope, and never twice the same slug", async () => {
    const learner = await account("learner");
    const author = await account("author");
    const { doc } = stdio();
    expectError(await api.call("POST", "/api/v1/problems", { body: doc }), 401, "unauthenticated");
    expectError(await api.call("GET", "/api/v1/problems"), 401, "unauthenticated");
    expectError(await api.call("GET", `/api/v1/problems/${doc.slug}`), 401, "unauthenticated");
    expectError(
      await api.call("POST", "/api/v1/problems", { token: learner.token, body: doc }),
      403,
      "authors_only",
    );
    const readOnly = await api.call("POST", "/api/v1/me/tokens", {
      token: author.token,
      body: { name: "ro", scopes: ["read"] },
    });
    expectError(
      await api.call("POST", "/api/v1/problems", { token: readOnly.body.token, body: doc }),
      403,
      "insufficient_scope",
    );
    await create(author.token, doc);
    expect(
      (await api.call("GET", `/api/v1/problems/${doc.slug}`, { token: readOnly.body.token })).status,
    ).toBe(200);
    expectError(
      await api.call("POST", "/api/v1/problems", { token: author.token, body: doc }),
      409,
      "problem_slug_taken",
    );
  });

  it("keeps a private problem to its author and admins: 404 for everyone else, with nothing of it", async () => {
    const owner = await account("author");
    const other = await account("author");
    const admin = await account("admin");
    const { doc } = stdio({ visibility: "private", title: "Secret title xyzzy" });
    await create(owner.token, doc);

    for (const [method, body] of [
      ["GET", undefined],
      ["PUT", doc],
      ["DELETE", undefined],
    ] as const) {
      const res = await api.call(method, `/api/v1/problems/${doc.slug}`, { token: other.token, body });
      expectError(res, 404, "problem_not_found");
      expect(JSON.stringify(res.body)).not.toContain("xyzzy");
    }
    const otherList = await api.call("GET", "/api/v1/problems?limit=100&q=xyzzy", { token: other.token });
    expect(otherList.body.items).toEqual([]);
    expectError(
      await api.call("GET", `/api/v1/problems/export?slug=${doc.slug}`, { token: other.token }),
      404,
      "problem_not_found",
    );

    for (const token of [owner.token, admin.token]) {
      const mine = await api.call("GET", "/api/v1/problems?limit=100&q=xyzzy", { token });
      expect(mine.body.items.map((p: { slug: string }) => p.slug)).toEqual([doc.slug]);
      expect((await api.call("GET", `/api/v1/problems/${doc.slug}`, { token })).status).toBe(200);
    }
  });

  it("lets another author read a public problem but not change it", async () => {
    const owner = await account("author");
    const other = await account("author");
    const { doc } = stdio();
    await create(owner.token, doc);
    expectError(
      await api.call("PUT", `/api/v1/problems/${doc.slug}`, { token: other.token, body: doc }),
      403,
      "not_problem_owner",
    );
    expectError(
      await api.call("DELETE", `/api/v1/problems/${doc.slug}`, { token: other.token }),
      403,
      "not_problem_owner",
    );
    expectError(
      await api.call("GET", `/api/v1/problems/export?slug=${doc.slug}`, { token: other.token }),
      403,
      "not_problem_owner",
    );
  });

  it("replaces a problem with PUT, bumping its version; the slug cannot change", async () => {
    const author = await account("author");
    const { doc } = stdio();
    await create(author.token, doc);
    const changed = {
      ...doc,
      title: "Sum, revised",
      categories: ["math", "io"],
      tests: [{ input: "2 2\n", expected: "4\n", sample: true }],
    };
    const res = await api.call("PUT", `/api/v1/problems/${doc.slug}`, { token: author.token, body: changed });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      title: "Sum, revised",
      version: 2,
      categories: ["io", "math"],
      testCount: 1,
    });
    expect(res.body.samples).toEqual([{ name: null, input: "2 2\n", expected: "4\n" }]);
    const again = await api.call("PUT", `/api/v1/problems/${doc.slug}`, {
      token: author.token,
      body: changed,
    });
    expect(again.body.version).toBe(3);

    expectError(
      await api.call("PUT", `/api/v1/problems/${doc.slug}`, {
        token: author.token,
        body: { ...changed, slug: "renamed" },
      }),
      400,
      "slug_mismatch",
    );
    expectError(
      await api.call("PUT", `/api/v1/problems/${doc.slug}`, { token: author.token, body: { title: "only" } }),
      400,
      "invalid_request",
    );
    expectError(
      await api.call("PUT", "/api/v1/problems/no-such-problem", {
        token: author.token,
        body: { ...changed, slug: "no-such-problem" },
      }),
      404,
      "problem_not_found",
    );
  });

  it("deletes a problem for its owner, and records every change in the audit log", async () => {
    const author = await account("author");
    const { doc } = stdio();
    await create(author.token, doc);
    await api.call("PUT", `/api/v1/problems/${doc.slug}`, { token: author.token, body: doc });
    const res = await api.call("DELETE", `/api/v1/problems/${doc.slug}`, { token: author.token });
    expect(res.status).toBe(204);
    expectError(
      await api.call("GET", `/api/v1/problems/${doc.slug}`, { token: author.token }),
      404,
      "problem_not_found",
    );
    expectError(
      await api.call("DELETE", `/api/v1/problems/${doc.slug}`, { token: author.token }),
      404,
      "problem_not_found",
    );
    expect(await api.db("problem_tests").whereNotIn("problem_id", api.db("problems").select("id"))).toEqual(
      [],
    );

    const audit = await api.call("GET", "/api/v1/audit?limit=200", { token: author.token });
    const mine = audit.body.events.filter(
      (e: { details?: { slug?: string } }) => e.details?.slug === doc.slug,
    );
    expect(mine.map((e: { action: string }) => e.action).sort()).toEqual([
      "problem.created",
      "problem.deleted",
      "problem.updated",
    ]);
  });

  it("filters, searches and pages through problems in a stable order", async () => {
    const author = await account("author");
    const learner = await account("learner");
    const tag = `pg${Date.now().toString(36)}`;
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const { doc } = stdio({
        slug: `${tag}-${i}`,
        title: `${tag.toUpperCase()} 100%_done ${i}`,
        difficulty: i % 2 ? "hard" : "easy",
        categories: i < 3 ? ["graphs"] : ["strings"],
        languages: i === 6 ? ["c"] : ["python", "cpp"],
        starter: {},
        solutions: {},
      });
      await create(author.token, doc);
      made.push(doc.slug);
    }
    const slugs = async (query: string) => {
      const res = await api.call("GET", `/api/v1/problems?${query}`, { token: learner.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return ProblemPage.parse(res.body).items.map((p) => p.slug);
    };
    expect(await slugs(`q=${tag}&limit=100`)).toEqual(made);
    expect(await slugs(`q=${encodeURIComponent("100%_DONE")}&limit=100`)).toEqual(
      expect.arrayContaining(made),
    );
    expect(await slugs(`q=${encodeURIComponent(`${tag}%`)}&limit=100`)).toEqual([]);
    expect(await slugs(`q=${tag}&difficulty=hard&limit=100`)).toEqual([made[1], made[3], made[5]]);
    expect(await slugs(`q=${tag}&category=graphs&limit=100`)).toEqual(made.slice(0, 3));
    expect(await slugs(`q=${tag}&language=c&limit=100`)).toEqual([made[6]]);
    expect(await slugs(`q=${tag}&language=cpp&category=strings&limit=100`)).toEqual(made.slice(3, 6));

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Res = await api.call(
        "GET",
        `/api/v1/problems?q=${tag}&limit=3${cursor ? `&cursor=${cursor}` : ""}`,
        { token: learner.token },
      );
      const page = ProblemPage.parse(res.body);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((p) => p.slug));
      cursor = page.nextCursor;
      pages++;
      // A problem added behind the cursor does not shift the pages still to come.
      if (pages === 1) await create(author.token, stdio({ slug: `${tag}-0a` }).doc);
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(made);

    for (const bad of [
      "limit=0",
      "limit=101",
      "difficulty=trivial",
      "cursor=%25%25",
      "category=Not%20A%20Slug",
      "q=",
    ]) {
      expectError(
        await api.call("GET", `/api/v1/problems?${bad}`, { token: learner.token }),
        400,
        bad.startsWith("cursor") ? "invalid_cursor" : "invalid_request",
      );
    }
  });

  it("renders statements to inert HTML", async () => {
    const author = await account("author");
    const corpus = [
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "[click](javascript:alert(1))",
      "[click](JaVaScRiPt:alert(1))",
      "[click](jav&#x09;ascript:alert(1))",
      "[click](&#106;avascript:alert(1))",
      "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
      '<svg onload="alert(1)"><script>alert(1)</script></svg>',
      '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
      "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
      '<iframe src="https://evil.example"></iframe>',
      '<a href="https://ok.example" onclick="alert(1)" style="color:red">ok</a>',
      "<style>body{display:none}</style>",
      '<form action="https://evil.example"><input name=x><button>go</button></form>',
      '<object data="x.swf"></object><embed src="x.swf">',
      '<div style="background:url(javascript:alert(1))">styled</div>',
      "&lt;script&gt;alert(1)&lt;/script&gt;",
      '<a href="&#x6A;avascript:alert(1)">entity</a>',
      '<meta http-equiv="refresh" content="0;url=https://evil.example">',
      '<base href="https://evil.example/">',
      '<img src="https://img.example/a.png" srcset="javascript:alert(1)">',
      '<details open ontoggle="alert(1)">x</details>',
      '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    ].join("\n\n");
    const { doc } = stdio({
      statement: `# Title\n\n[safe link](https://docs.example/x)\n\nEscaped: &lt;script&gt;alert(1)&lt;/script&gt;\n\n${corpus}`,
    });
    const view = await create(author.token, doc);
    const html = view.statementHtml;
    for (const bad of [
      /<script/i,
      /onerror/i,
      /onload/i,
      /onclick/i,
      /ontoggle/i,
      /javascript:/i,
      /data:/i,
      /<iframe/i,
      /<svg/i,
      /<style/i,
      /style=/i,
      /<form/i,
      /<input/i,
      /<object/i,
      /<embed/i,
      /<meta/i,
      /<base/i,
      /srcset/i,
      /<math/i,
    ]) {
      expect(html, String(bad)).not.toMatch(bad);
    }
    expect(html).toContain(
      '<a href="https://docs.example/x" rel="noopener noreferrer nofollow" target="_blank">safe link</a>',
    );
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    // Every remaining link carries rel, and no attribute value holds a scheme we did not allow.
    for (const [, attrs] of html.matchAll(/<a\b([^>]*)>/g))
      expect(attrs).toContain('rel="noopener noreferrer nofollow"');
    for (const [, url] of html.matchAll(/(?:href|src)="([^"]*)"/g))
      expect(url).toMatch(/^(https?:|#|\/|[\w.-])/);
  });

  it("applies the same access rule to embed learners", async () => {
    const owner = await account("author");
    const other = await account("author");
    const pub = stdio().doc;
    const mine = stdio({ visibility: "private" }).doc;
    const theirs = stdio({ visibility: "private" }).doc;
    await create(owner.token, pub);
    await create(owner.token, mine);
    await create(other.token, theirs);
    const problems = api.app.problems;

    const everyPublic = learnerIn(owner.userId, null);
    expect((await problems.get(pub.slug, everyPublic)).slug).toBe(pub.slug);
    await expect(problems.get(mine.slug, everyPublic)).rejects.toMatchObject({ status: 404 });

    const listed = learnerIn(owner.userId, [mine.slug, theirs.slug]);
    expect((await problems.get(mine.slug, listed)).editable).toBe(false);
    await expect(problems.get(theirs.slug, listed)).rejects.toMatchObject({ status: 404 });
    await expect(problems.get(pub.slug, listed)).rejects.toMatchObject({ status: 404 });
    const page = await problems.list(listed, { limit: 100 });
    expect(page.items.map((p) => p.slug)).toEqual([mine.slug]);
    await expect(problems.get(mine.slug, listed, { solutions: true })).rejects.toMatchObject({ status: 403 });
  });

  it("serves embed learners over HTTP: the embed's problems only, never hidden tests, never writes", async () => {
    const owner = await account("author");
    const other = await account("author");
    const mine = stdio({ visibility: "private" });
    const theirs = stdio({ visibility: "private" }).doc;
    const pub = stdio().doc;
    await create(owner.token, mine.doc);
    await create(other.token, theirs);
    await create(owner.token, pub);

    const learnerToken = async (problems?: string[]) => {
      const embed = await createEmbed(api, owner.token, problems ? { problems } : {});
      const session = await startSession(api, embed.publishableKey);
      expect(session.status, JSON.stringify(session.body)).toBe(201);
      return session.body.token as string;
    };
    const listed = await learnerToken([mine.doc.slug, theirs.slug]);
    const list = await api.call("GET", "/api/v1/problems?limit=100", {
      token: listed,
      headers: { Origin: ORIGIN },
    });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items.map((p: { slug: string }) => p.slug)).toEqual([mine.doc.slug]);
    const one = await api.call("GET", `/api/v1/problems/${mine.doc.slug}`, { token: listed });
    expect(one.status).toBe(200);
    expect(one.body.editable).toBe(false);
    for (const marker of [...mine.hidden.map((h) => h.trim()), mine.solution]) {
      expect(JSON.stringify(one.body)).not.toContain(marker);
    }
    for (const slug of [theirs.slug, pub.slug]) {
      const res = await api.call("GET", `/api/v1/problems/${slug}`, { token: listed });
      expectError(res, 404, "problem_not_found");
      expect(JSON.stringify(res.body)).not.toContain(slug === pub.slug ? pub.title : theirs.title);
    }
    expectError(
      await api.call("GET", `/api/v1/problems/${mine.doc.slug}?include=solutions`, { token: listed }),
      403,
      "solutions_hidden",
    );
    expectError(
      await api.call("POST", "/api/v1/problems", { token: listed, body: stdio().doc }),
      401,
      "unauthenticated",
    );
    expectError(await api.call("GET", "/api/v1/problems/export", { token: listed }), 401, "unauthenticated");

    const everyPublic = await learnerToken();
    expect((await api.call("GET", `/api/v1/problems/${pub.slug}`, { token: everyPublic })).status).toBe(200);
    expectError(
      await api.call("GET", `/api/v1/problems/${mine.doc.slug}`, { token: everyPublic }),
      404,
      "problem_not_found",
    );
  });

  it("gives judging every test in order, hidden ones included, only to those who may see the problem", async () => {
    const owner = await account("author");
    const stranger = await account("author");
    const { doc, hidden } = stdio({ visibility: "private" });
    await create(owner.token, doc);
    const principalOf = async (token: string) => {
      const p = await api.app.accounts.authenticate(token);
      if (!p) throw new Error("no principal");
      return p;
    };
    const { problem, tests } = await api.app.problems.forJudging(doc.slug, {
      principal: await principalOf(owner.token),
    });
    expect(problem).toMatchObject({
      slug: doc.slug,
      version: 1,
      judge: { mode: "stdio" },
      limits: doc.limits,
    });
    expect(tests.map((t) => [t.ordinal, t.sample, t.input, t.expected])).toEqual([
      [0, true, "1 2\n", "3\n"],
      [1, false, hidden[0], hidden[1]],
      [2, false, hidden[2], hidden[3]],
    ]);
    expect(tests.every((t) => typeof t.id === "string")).toBe(true);
    expect(tests[2]?.name).toBe("big");
    await expect(
      api.app.problems.forJudging(doc.slug, { principal: await principalOf(stranger.token) }),
    ).rejects.toMatchObject({ status: 404, code: "problem_not_found" });
    await expect(
      api.app.problems.visibleTo(doc.slug, learnerIn(stranger.userId, null)),
    ).rejects.toMatchObject({
      status: 404,
    });

    const f = fn();
    await create(owner.token, f);
    const judged = await api.app.problems.forJudging(f.slug, { principal: await principalOf(owner.token) });
    expect(judged.tests.map((t) => [t.args, t.expected])).toEqual([
      [[[1, 2, 3]], 6],
      [[[2147483647, 1]], 2147483648],
    ]);
  });
});
