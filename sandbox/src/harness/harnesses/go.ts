import type { FunctionSignature } from "@codeground/sdk";
import { type FunctionHarness, fill, template, typeNamer } from "../common.js";

const goType = typeNamer(
  { int: "int", long: "int64", float: "float64", bool: "bool", string: "string" },
  (inner) => `[]${inner}`,
);

/** Whether the code opens with a package clause, after any blank lines and comments. */
function hasPackageClause(code: string): boolean {
  let i = 0;
  for (;;) {
    while (i < code.length && /\s/.test(code[i] as string)) i++;
    if (code.startsWith("//", i)) {
      const end = code.indexOf("\n", i);
      if (end < 0) return false;
      i = end + 1;
    } else if (code.startsWith("/*", i)) {
      const end = code.indexOf("*/", i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else return /^package\s/.test(code.slice(i, i + 8));
  }
}

/**
 * The learner's solution.go joins the harness's main.go in package main. A solution without its
 * package clause gets one, and a line directive keeps its line numbers as written.
 */
const learnerSource = (code: string) =>
  hasPackageClause(code) ? code : `package main\n\n//line solution.go:1:1\n${code}`;

export const harness: FunctionHarness = {
  exactLongs: true,
  files: (s: FunctionSignature, code: string) => [
    { name: "solution.go", content: learnerSource(code) },
    {
      name: "main.go",
      content: fill(template("go/function-harness.go"), {
        NAME: s.name,
        COUNT: String(s.params.length),
        ARGS: s.params
          .map(
            (p, i) =>
              `var cgArg${i} ${goType(p.type)}\n\tcgDecode(cgArgs[${i}], &cgArg${i}, ${JSON.stringify(p.name)})`,
          )
          .join("\n\t"),
        CALL: `${s.name}(${s.params.map((_, i) => `cgArg${i}`).join(", ")})`,
      }),
    },
  ],
  starter: (s: FunctionSignature) =>
    `package main\n\nfunc ${s.name}(${s.params.map((p) => `${p.name} ${goType(p.type)}`).join(", ")}) ${goType(s.returns)} {\n\t\n}\n`,
};
