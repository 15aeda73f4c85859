import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "typescript",
  hello: 'const greeting: string = "hello";\nconsole.log(greeting);',
  sum: 'const [a, b]: number[] = require("fs").readFileSync(0, "utf8").trim().split(/\\s+/).map(Number);\nconsole.log(a + b);',
  multi: [
    { name: "main.ts", content: 'import { add } from "./helper";\nconsole.log(add(2, 3));' },
    {
      name: "helper.ts",
      content: "export function add(a: number, b: number): number {\n  return a + b;\n}",
    },
  ],
  compileError: 'const n: number = "not a number";\nconsole.log(n);',
  runtimeError: 'throw new Error("boom");',
  busyLoop: "for (;;) {}",
  memoryHog: 'const b = require("buffer").Buffer.alloc(400 * 1024 * 1024, 1);\nconsole.log(b.length);',
  lineError: {
    code: 'const a: number = 1;\nconst b: number = "x";\nconsole.log(a, b);\n',
    verdict: "compilation_error",
    where: /main\.ts\(2,/,
  },
  outputFlood:
    'import * as fs from "fs";\nconst line: string = "x".repeat(1000) + "\\n";\nfor (;;) fs.writeSync(1, line);',
  network:
    'const net = require("net");\nnet\n  .connect(80, "1.1.1.1", () => {\n    console.log("connected");\n    process.exit(0);\n  })\n  .on("error", () => console.log("no network"));',
  readOnlyRoot:
    'import * as fs from "fs";\ntry {\n  fs.writeFileSync("/tmp/cg-probe", "x");\n  console.log("written");\n} catch {\n  console.log("read-only");\n}',
};

export default lang;
