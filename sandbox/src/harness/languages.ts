import { existsSync, readdirSync } from "node:fs";
import {
  type FunctionHarness,
  fill,
  learnerFile,
  paramNames,
  template,
  typeNamer,
  withNewline,
} from "./common.js";

export type { FunctionHarness } from "./common.js";

const javaType = typeNamer(
  { int: "int", long: "long", float: "double", bool: "boolean", string: "String" },
  (inner) => `${inner}[]`,
);
const cppType = typeNamer(
  { int: "int", long: "long long", float: "double", bool: "bool", string: "std::string" },
  (inner) => `std::vector<${inner}>`,
);
const tsType = typeNamer(
  { int: "number", long: "number", float: "number", bool: "boolean", string: "string" },
  (inner) => `${inner}[]`,
);

const javascriptLike = (id: "javascript" | "typescript"): FunctionHarness => ({
  exactLongs: false,
  files: (s, code) => [
    learnerFile(id === "javascript" ? "js" : "ts", code),
    {
      name: id === "javascript" ? "main.js" : "main.ts",
      // One harness serves both: it is written in the subset of JavaScript that tsc accepts as is.
      content: fill(template("javascript/function-harness.js"), {
        SIGNATURE: `${JSON.stringify(s.name)}, ${JSON.stringify(s.returns)}`,
      }),
    },
  ],
  starter: (s) =>
    id === "typescript"
      ? `function ${s.name}(${s.params.map((p) => `${p.name}: ${tsType(p.type)}`).join(", ")}): ${tsType(s.returns)} {\n  \n}\n`
      : [
          "/**",
          ...s.params.map((p) => ` * @param {${tsType(p.type)}} ${p.name}`),
          ` * @returns {${tsType(s.returns)}}`,
          " */",
          `function ${s.name}(${paramNames(s)}) {`,
          "  ",
          "}",
          "",
        ].join("\n"),
});

/** The function-mode languages: the first five here, the later ones each a module in `harnesses/`. */
export const harnesses: Record<string, FunctionHarness> = {
  python: {
    exactLongs: true,
    files: (s, code) => [
      learnerFile("py", code),
      {
        name: "main.py",
        content: `__cg_function_name = ${JSON.stringify(s.name)}\n__cg_param_types = ${JSON.stringify(s.params.map((p) => p.type))}\n__cg_returns = ${JSON.stringify(s.returns)}\n${template("python/function-harness.py")}`,
      },
    ],
    starter: (s) => `def ${s.name}(${paramNames(s)}):\n    pass\n`,
  },
  javascript: javascriptLike("javascript"),
  typescript: javascriptLike("typescript"),
  java: {
    exactLongs: true,
    files: (s, code) => [
      { name: "Solution.java", content: code },
      {
        name: "Main.java",
        content: fill(template("java/function-harness.java"), {
          ARGS: s.params
            .map((p, i) => {
              const type = javaType(p.type);
              return `${type} cgArg${i} = (${type}) CgJson.convert(cgArgs.get(${i}), ${JSON.stringify(p.type)});`;
            })
            .join("\n        "),
          CALL: `${s.name}(${s.params.map((_, i) => `cgArg${i}`).join(", ")})`,
        }),
      },
    ],
    starter: (s) =>
      `class Solution {\n    public ${javaType(s.returns)} ${s.name}(${s.params.map((p) => `${javaType(p.type)} ${p.name}`).join(", ")}) {\n        \n    }\n}\n`,
  },
  cpp: {
    exactLongs: true,
    files: (s, code) => [
      {
        name: "main.cpp",
        // The headers a signature needs come first; `#line 1` keeps the learner's line numbers.
        content: `#include <string>\n#include <vector>\n#line 1\n${withNewline(code)}\n${fill(
          template("cpp/function-harness.cpp"),
          {
            ARGS: s.params
              .map(
                (p, i) =>
                  `${cppType(p.type)} cg_arg${i};\n  ${i > 0 ? "cg_reader.expect(',');\n  " : ""}cg_harness::get(cg_reader, cg_arg${i});`,
              )
              .join("\n  "),
            CALL: `${s.name}(${s.params.map((_, i) => `cg_arg${i}`).join(", ")})`,
          },
        )}`,
      },
    ],
    starter: (s) => {
      const types = [s.returns, ...s.params.map((p) => p.type)];
      const includes = [
        ...(types.some((t) => t.startsWith("string")) ? ["#include <string>"] : []),
        ...(types.some((t) => t.endsWith("[]")) ? ["#include <vector>"] : []),
      ];
      const head = includes.length > 0 ? `${includes.join("\n")}\n\n` : "";
      return `${head}${cppType(s.returns)} ${s.name}(${s.params.map((p) => `${cppType(p.type)} ${p.name}`).join(", ")}) {\n    \n}\n`;
    },
  },
};

/**
 * A module per language in `harnesses/` (`go.ts` for go...) whose `harness` export joins the
 * table: compiled next to this file (`dist/`), or TypeScript when the source runs directly (tests).
 */
const harnessDir = new URL("./harnesses/", import.meta.url);
const harnessModules = new Map<string, string>();
for (const file of existsSync(harnessDir) ? readdirSync(harnessDir).sort() : []) {
  const match = /^([a-z][a-z0-9-]*)\.(js|ts)$/.exec(file);
  if (match?.[1] && (match[2] === "js" || !harnessModules.has(match[1]))) harnessModules.set(match[1], file);
}
for (const [id, file] of harnessModules) {
  const module = (await import(new URL(file, harnessDir).href)) as { harness?: FunctionHarness };
  if (!module.harness) throw new Error(`harnesses/${file} exports no harness`);
  harnesses[id] = module.harness;
}
