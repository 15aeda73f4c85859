import type { ProblemTest } from "@codeground/sdk";
import type { HiddenTestGenerator } from "../index.js";

function fewestCoins(coins: number[], amount: number): number {
  const unreachable = amount + 1;
  const best = new Array<number>(amount + 1).fill(unreachable);
  best[0] = 0;
  for (const coin of coins) {
    for (let value = coin; value <= amount; value++) {
      best[value] = Math.min(best[value] as number, (best[value - coin] as number) + 1);
    }
  }
  return best[amount] === unreachable ? -1 : (best[amount] as number);
}

const test = (name: string, coins: number[], amount: number): ProblemTest => ({
  name,
  args: [coins, amount],
  expected: fewestCoins(coins, amount),
  sample: false,
});

/** Three close coin values and an amount that only a mix of them makes. */
function rareCombination(a: number, b: number, c: number): ProblemTest {
  return test("coins that rarely combine", [a, b, c], 3 * a + 2 * b + 3 * c);
}

/** Large amounts that defeat plain recursion, many coin values, and amounts no coin set reaches. */
const generate: HiddenTestGenerator = (rng) => [
  test("three small coins, large amount", [3, 7, 11], 9998),
  test("large coins only", [9973, 9967, 5003], 10000),
  test(
    "even coins, odd amount",
    Array.from({ length: 50 }, () => 2 * rng.int(1, 5000)),
    9999,
  ),
  test(
    "hundred random coins",
    Array.from({ length: 100 }, () => rng.int(1, 10000)),
    10000,
  ),
  test(
    "hundred mid-sized coins",
    Array.from({ length: 100 }, () => rng.int(50, 500)),
    rng.int(9000, 10000),
  ),
  rareCombination(rng.int(900, 1100), rng.int(900, 1100), rng.int(900, 1100)),
];

export default generate;
