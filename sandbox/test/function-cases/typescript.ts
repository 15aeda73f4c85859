import type { FunctionCase } from "./types.js";

const lang: FunctionCase = {
  id: "typescript",
  noisy:
    'import * as util from "util";\nconsole.log(util.format("top junk %s", "ts"));\nfunction solution(p0: number): number {\n  console.log("junk", p0);\n  process.stdout.write("more junk\\n");\n  return p0 + 1;\n}\nconsole.log("top junk", solution(41));',
  append: 'function solution(p0: string): string {\n  return p0 + "é \\"\\\\\\n😀";\n}',
  sum: 'function solution(p0: number[]): number {\n  if (p0.length === 0) throw new Error("empty");\n  while (p0[0] === -1) {}\n  let s = 0;\n  for (const x of p0) s += x;\n  return s;\n}',
  broken: 'function solution(p0: number): number {\n  const s: number = "not a number";\n  return s;\n}',
  brokenLine: 2,
  file: "solution.ts",
  compiled: true,
  floatSum: "function solution(p0: number[]): number { return p0.reduce((a, b) => a + b, 0); }",
};

export default lang;
