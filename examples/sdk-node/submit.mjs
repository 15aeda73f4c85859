#!/usr/bin/env node
// Submits a solution to a Codeground problem with @codeground/sdk, follows the judging live and
// prints the verdict and each test's result.
//
//   CODEGROUND_URL    the API (default http://127.0.0.1:8080, what `npm start` serves)
//   CODEGROUND_TOKEN  a session or personal access token; without one, the script signs up a new account
//   PROBLEM           the problem's slug (default two-sum, from the built-in bank)
//   LANGUAGE          the language id (default python)
//   CODE_FILE         the solution's file (default: a Python solution to two-sum)
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { ApiError, Codeground, ConnectionError } from "@codeground/sdk";

const TWO_SUM_PY = `def solution(nums, target):
    seen = {}
    for j, x in enumerate(nums):
        i = seen.get(target - x)
        if i is not None:
            return [i, j]
        seen[x] = j
`;

const baseUrl = process.env.CODEGROUND_URL ?? "http://127.0.0.1:8080";
const slug = process.env.PROBLEM ?? "two-sum";
const language = process.env.LANGUAGE ?? "python";
const code = process.env.CODE_FILE ? await readFile(process.env.CODE_FILE, "utf8") : TWO_SUM_PY;

/** A client with a token: the one given, or a new account's. */
async function signedIn() {
  if (process.env.CODEGROUND_TOKEN) return new Codeground({ baseUrl, token: process.env.CODEGROUND_TOKEN });
  const anonymous = new Codeground({ baseUrl });
  const email = `sdk-example-${randomBytes(4).toString("hex")}@example.com`;
  const password = randomBytes(18).toString("base64url");
  // Sign-up answers the same for every address and sends a verification link; sign in after it.
  await anonymous.auth.signup({ email, password });
  const session = await anonymous.auth.login({ email, password });
  if (session.mfaRequired) throw new Error("a new account has no two-factor");
  console.log(`signed up as ${session.user.email}`);
  return anonymous.withToken(session.token);
}

async function main() {
  const cg = await signedIn();
  const problem = await cg.problems.get(slug);
  console.log(
    `problem: ${problem.title} (${problem.slug}, ${problem.difficulty}, ${problem.testCount} tests)`,
  );

  // The SDK adds an idempotency key, so a retry after a lost answer never submits twice.
  const submission = await cg.submissions.create(slug, { language, code });
  console.log(`submission ${submission.id}: ${submission.state}`);

  let judged;
  for await (const event of cg.submissions.events(submission.id, { signal: AbortSignal.timeout(120_000) })) {
    if (event.type === "state") console.log(`  ${event.data.state}…`);
    else if (event.type === "test")
      console.log(`  test ${event.data.index + 1} finished: ${event.data.verdict}`);
    else judged = event.data;
  }

  console.log(`\nverdict: ${judged.verdict} (${judged.passed}/${judged.total} tests passed)`);
  if (judged.message) console.log(judged.message);
  for (const test of judged.tests) {
    const name = test.name ? ` ${test.name}` : "";
    const kind = test.sample ? "sample" : "hidden";
    console.log(
      `  #${test.index + 1}${name} [${kind}] ${test.verdict.padEnd(22)} ${test.timeMs} ms  ${test.memoryKb} KiB`,
    );
  }
  return judged.verdict === "accepted" ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof ApiError) {
    console.error(`${err.name} ${err.status} ${err.code}: ${err.message} (request id ${err.requestId})`);
  } else if (err instanceof ConnectionError) {
    console.error(`Cannot reach Codeground at ${baseUrl}: ${err.message}. Is \`npm start\` running?`);
  } else {
    console.error(err);
  }
  process.exitCode = 2;
}
