import { readFileSync } from "node:fs";
import path from "node:path";
import type { FunctionSignature, ValueType } from "@codeground/sdk";
import { defaultLanguagesDir } from "../languages/manifest.js";
import type { SourceFile } from "../schemas.js";
import { parseType, type ScalarType } from "./values.js";

/** How one language hosts a function-mode solution: the files of the run and the learner's starter. */
export interface FunctionHarness {
  files(signature: FunctionSignature, code: string): SourceFile[];
  starter(signature: FunctionSignature): string;
  /** Whether a `long` beyond 2^53 reaches the function intact (not in JavaScript numbers). */
  exactLongs: boolean;
}

const templates = new Map<string, string>();

/** A harness source kept as data in the language's folder (`languages/<id>/function-harness.*`). */
function template(file: string): string {
  let text = templates.get(file);
  if (text === undefined) {
    text = readFileSync(path.join(defaultLanguagesDir, file), "utf8");
    templates.set(file, text);
  }
  return text;
}

function fill(text: string, parts: Record<string, string>): string {
  return Object.entries(parts).reduce((out, [marker, value]) => out.replace(`/*CG:${marker}*/`, value), text);
}

/** A type name per scalar and a way to write an array of a type. */
function typeNamer(scalars: Record<ScalarType, string>, array: (inner: string) => string) {
  return (type: ValueType) => {
    const { scalar, depth } = parseType(type);
    let name = scalars[scalar];
    for (let i = 0; i < depth; i++) name = array(name);
    return name;
  };
}

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

const paramNames = (s: FunctionSignature) => s.params.map((p) => p.name).join(", ");
const withNewline = (code: string) => (code.endsWith("\n") ? code : `${code}\n`);

/**
 * The learner's code goes in a file of its own (`solution.py`, `solution.js`, `solution.ts`), which
 * the harness in the main file loads only once it has sent stdout to stderr: so nothing the
 * learner prints, even at the top level, reaches the result, and messages name the learner's file
 * and lines.
 */
const learnerFile = (extension: string, code: string): SourceFile => ({
  name: `solution.${extension}`,
  content: code,
});

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

/** The function-mode languages. C is stdio only. */
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
