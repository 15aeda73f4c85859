import { type FunctionHarness, fill, template, typeNamer } from "../common.js";

const csType = typeNamer(
  { int: "int", long: "long", float: "double", bool: "bool", string: "string" },
  (inner) => `${inner}[]`,
);

/**
 * C#: the learner writes `public class Solution` with an instance method named after the function;
 * it stays in Solution.cs (so compiler and stack-trace messages name it) and the harness, main.cs,
 * calls it.
 */
export const harness: FunctionHarness = {
  exactLongs: true,
  files: (s, code) => [
    { name: "Solution.cs", content: code },
    {
      name: "main.cs",
      content: fill(template("csharp/function-harness.cs"), {
        ARGS: s.params
          .map((p, i) => {
            const type = csType(p.type);
            return `${type} cgArg${i} = CgJson.Convert<${type}>(cgArgs[${i}]);`;
          })
          .join("\n        "),
        CALL: `${s.name}(${s.params.map((_, i) => `cgArg${i}`).join(", ")})`,
      }),
    },
  ],
  starter: (s) =>
    [
      "using System;",
      "using System.Collections.Generic;",
      "using System.Linq;",
      "",
      "public class Solution",
      "{",
      `    public ${csType(s.returns)} ${s.name}(${s.params.map((p) => `${csType(p.type)} ${p.name}`).join(", ")})`,
      "    {",
      "        ",
      "    }",
      "}",
      "",
    ].join("\n"),
};
