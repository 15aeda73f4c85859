import { randomBytes } from "node:crypto";
import { signUp } from "./accounts.js";
import type { TestApi } from "./api.js";

/** Accounts and problem documents for the problems suites. */
export function problemFixtures(api: () => TestApi) {
  let n = 0;

  /** A new account with the role set before its first request (so no cached principal holds the old one). */
  async function account(role: "learner" | "author" | "admin" = "learner") {
    const { token, user } = await signUp(api(), {
      email: `problems${++n}-${randomBytes(4).toString("hex")}@example.com`,
    });
    await api().db("users").where({ id: user.id }).update({ role });
    return { token, userId: user.id };
  }

  /** A marker no response to a learner may contain. */
  const secret = (what: string) => `${what}_${randomBytes(6).toString("hex")}`;

  /** A stdio problem: one sample test, two hidden ones whose input and output are unique markers. */
  function stdio(overrides: Record<string, unknown> = {}) {
    const hidden = { input: `${secret("HIDDEN_IN")}\n`, expected: `${secret("HIDDEN_OUT")}\n` };
    const hidden2 = { input: `${secret("HIDDEN_IN")}\n`, expected: `${secret("HIDDEN_OUT")}\n` };
    const solution = secret("SOLUTION");
    const doc = {
      slug: `sum-${++n}-${randomBytes(3).toString("hex")}`,
      title: `Sum two numbers ${n}`,
      statement: "Read two integers and print their **sum**.",
      difficulty: "easy",
      categories: ["math"],
      languages: ["python", "cpp"],
      limits: { timeMs: 2000, memoryMb: 256 },
      judge: { mode: "stdio", compare: "tokens" },
      starter: { python: "a, b = map(int, input().split())\n" },
      tests: [
        { name: "example", input: "1 2\n", expected: "3\n", sample: true },
        { ...hidden, sample: false },
        { name: "big", ...hidden2 },
      ],
      solutions: { python: `# ${solution}\nprint(sum(map(int, input().split())))\n` },
      ...overrides,
    };
    return { doc, hidden: [hidden.input, hidden.expected, hidden2.input, hidden2.expected], solution };
  }

  /** A function-mode problem. */
  function fn(overrides: Record<string, unknown> = {}) {
    return {
      slug: `array-sum-${++n}-${randomBytes(3).toString("hex")}`,
      title: `Array sum ${n}`,
      statement: "Return the sum of `nums`.",
      difficulty: "medium",
      categories: ["arrays", "math"],
      languages: ["python", "javascript"],
      judge: {
        mode: "function",
        function: { name: "solution", params: [{ name: "nums", type: "int[]" }], returns: "long" },
      },
      tests: [
        { args: [[1, 2, 3]], expected: 6, sample: true },
        { args: [[2147483647, 1]], expected: 2147483648 },
      ],
      ...overrides,
    };
  }

  return { account, stdio, fn, secret };
}
