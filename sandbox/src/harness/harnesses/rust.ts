import type { FunctionSignature } from "@codeground/sdk";
import { type FunctionHarness, fill, template, typeNamer } from "../common.js";

const rustType = typeNamer(
  { int: "i32", long: "i64", float: "f64", bool: "bool", string: "String" },
  (inner) => `Vec<${inner}>`,
);

/**
 * The learner's code stays in solution.rs, which the harness's main.rs includes as is: free
 * functions need no `pub`, and compiler messages and panics name solution.rs and its lines.
 */
export const harness: FunctionHarness = {
  exactLongs: true,
  files: (s: FunctionSignature, code: string) => [
    { name: "solution.rs", content: code },
    {
      name: "main.rs",
      content: fill(template("rust/function-harness.rs"), {
        ARGS: s.params
          .map(
            (p, i) =>
              `${i > 0 ? "cg_reader.expect(b',');\n    " : ""}let cg_arg${i}: ${rustType(p.type)} = cg_harness::Get::get(&mut cg_reader);`,
          )
          .join("\n    "),
        CALL: `${s.name}(${s.params.map((_, i) => `cg_arg${i}`).join(", ")})`,
      }),
    },
  ],
  starter: (s: FunctionSignature) =>
    `fn ${s.name}(${s.params.map((p) => `${p.name}: ${rustType(p.type)}`).join(", ")}) -> ${rustType(s.returns)} {\n    \n}\n`,
};
