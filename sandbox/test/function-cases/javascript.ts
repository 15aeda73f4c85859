import type { FunctionCase } from "./types.js";

const lang: FunctionCase = {
  id: "javascript",
  noisy:
    'const util = require("util");\nconst name = "learner";\nconsole.log(util.format("top junk %s", name));\nprocess.stdout.write("top junk again\\n");\nfunction emit() {}\nfunction solution(p0) {\n  console.log("junk", p0);\n  process.stdout.write("more junk\\n");\n  console.info("info junk");\n  return p0 + 1;\n}\nconsole.log("top junk", solution(41));',
  append: 'function solution(p0) {\n  return p0 + "é \\"\\\\\\n😀";\n}',
  sum: 'function solution(p0) {\n  if (p0.length === 0) throw new Error("empty");\n  while (p0[0] === -1) {}\n  let s = 0;\n  for (const x of p0) s += x;\n  return s;\n}',
  broken: "function solution(p0) {\n  return p0 +;\n}",
  brokenLine: 2,
  file: "solution.js",
  compiled: false,
  floatSum: "function solution(p0) { return p0.reduce((a, b) => a + b, 0); }",
  thrownAt: /solution\.js:2\b/,
};

export default lang;
