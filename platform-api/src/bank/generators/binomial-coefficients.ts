import type { ProblemTest } from "@codeground/sdk";
import type { HiddenTestGenerator } from "../index.js";
import type { Rng } from "../rng.js";

const MOD = 1_000_000_007n;
const TOP = 1_000_000;

/** Factorials and inverse factorials modulo the prime, up to `top`. */
function tables(top: number): { fact: bigint[]; inv: bigint[] } {
  const fact: bigint[] = [1n];
  for (let i = 1; i <= top; i++) fact.push(((fact[i - 1] as bigint) * BigInt(i)) % MOD);
  const powMod = (base: bigint, exp: bigint) => {
    let result = 1n;
    let b = base % MOD;
    for (let e = exp; e > 0n; e >>= 1n) {
      if (e & 1n) result = (result * b) % MOD;
      b = (b * b) % MOD;
    }
    return result;
  };
  const inv: bigint[] = new Array<bigint>(top + 1);
  inv[top] = powMod(fact[top] as bigint, MOD - 2n);
  for (let i = top; i > 0; i--) inv[i - 1] = ((inv[i] as bigint) * BigInt(i)) % MOD;
  return { fact, inv };
}

type Question = [number, number];

const generate: HiddenTestGenerator = (rng: Rng) => {
  const { fact, inv } = tables(TOP);
  const choose = ([n, k]: Question) =>
    k > n ? 0n : ((((fact[n] as bigint) * (inv[k] as bigint)) % MOD) * (inv[n - k] as bigint)) % MOD;
  const test = (name: string, questions: Question[]): ProblemTest => ({
    name,
    input: `${questions.length}\n${questions.map((q) => q.join(" ")).join("\n")}\n`,
    expected: `${questions.map(choose).join("\n")}\n`,
    sample: false,
  });
  const large = (): Question => {
    const n = rng.int(TOP - 100_000, TOP);
    return [n, rng.int(0, n)];
  };
  return [
    test(
      "small random",
      Array.from({ length: 30 }, () => [rng.int(0, 30), rng.int(0, 32)] as Question),
    ),
    test("many large questions", Array.from({ length: 6_000 }, large)),
    test(
      "many questions of every size",
      Array.from({ length: 6_000 }, () => [rng.int(0, TOP), rng.int(0, TOP)] as Question),
    ),
  ];
};

export default generate;
