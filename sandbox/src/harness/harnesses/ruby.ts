import type { FunctionSignature } from "@codeground/sdk";
import { type FunctionHarness, fill, learnerFile, template, typeNamer } from "../common.js";

/** YARD's names for the types, for the starter's comments: Ruby itself declares none. */
const yardType = typeNamer(
  { int: "Integer", long: "Integer", float: "Float", bool: "Boolean", string: "String" },
  (inner) => `Array<${inner}>`,
);

/** Ruby's reserved words (those an identifier of the signature can be) cannot name a parameter. */
const reserved = new Set(
  "alias and begin break case class def do else elsif end ensure false for if in module next nil not or redo rescue retry return self super then true undef unless until when while yield __FILE__ __LINE__ __ENCODING__".split(
    " ",
  ),
);
const parameter = (name: string) => (reserved.has(name) ? `${name}_` : name);

function starter(s: FunctionSignature): string {
  return [
    ...s.params.map((p) => `# @param ${parameter(p.name)} [${yardType(p.type)}]`),
    `# @return [${yardType(s.returns)}]`,
    `def ${s.name}(${s.params.map((p) => parameter(p.name)).join(", ")})`,
    "  ",
    "end",
    "",
  ].join("\n");
}

/**
 * Ruby: the learner defines a top-level method in solution.rb; main.rb loads it once the output is
 * sent to stderr, calls it and prints the result. Integers are exact at any size.
 */
export const harness: FunctionHarness = {
  exactLongs: true,
  files: (s, code) => [
    learnerFile("rb", code),
    {
      name: "main.rb",
      content: fill(template("ruby/function-harness.rb"), {
        NAME: JSON.stringify(s.name),
        PARAM_TYPES: JSON.stringify(s.params.map((p) => p.type)),
        RETURNS: JSON.stringify(s.returns),
      }),
    },
  ],
  starter,
};
