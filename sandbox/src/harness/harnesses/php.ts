import type { FunctionSignature, ValueType } from "@codeground/sdk";
import { type FunctionHarness, fill, learnerFile, template, typeNamer } from "../common.js";
import { parseType } from "../values.js";

const scalars = { int: "int", long: "int", float: "float", bool: "bool", string: "string" } as const;
/** The type declaration PHP checks: `array` for any array. */
const hint = (type: ValueType) => (parseType(type).depth > 0 ? "array" : scalars[parseType(type).scalar]);
/** The docblock's type, which says what the array holds (`int[]`, `string[][]`). */
const docType = typeNamer(scalars, (inner) => `${inner}[]`);
/** `$this` cannot name a parameter. */
const variable = (name: string) => (name === "this" ? "$this_" : `$${name}`);
const phpString = (s: string) => `'${s.replace(/[\\']/g, "\\$&")}'`;

function starter(s: FunctionSignature): string {
  const types = [s.returns, ...s.params.map((p) => p.type)];
  const doc = types.some((t) => parseType(t).depth > 0)
    ? [
        "/**",
        ...s.params.map((p) => ` * @param ${docType(p.type)} ${variable(p.name)}`),
        ` * @return ${docType(s.returns)}`,
        " */",
      ]
    : [];
  const params = s.params.map((p) => `${hint(p.type)} ${variable(p.name)}`).join(", ");
  return ["<?php", "", ...doc, `function ${s.name}(${params}): ${hint(s.returns)} {`, "    ", "}", ""].join(
    "\n",
  );
}

/**
 * PHP: the learner defines a function in solution.php; main.php requires it once the output is
 * sent to stderr, calls it and prints the result. PHP integers are 64-bit, so longs are exact.
 */
export const harness: FunctionHarness = {
  exactLongs: true,
  files: (s, code) => [
    learnerFile("php", code),
    {
      name: "main.php",
      content: fill(template("php/function-harness.php"), {
        NAME: phpString(s.name),
        PARAM_TYPES: `[${s.params.map((p) => phpString(p.type)).join(", ")}]`,
        RETURNS: phpString(s.returns),
      }),
    },
  ],
  starter,
};
