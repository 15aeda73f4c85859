import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "javascript",
  hello: 'console.log("hello");',
  sum: 'const [a, b] = require("fs").readFileSync(0, "utf8").trim().split(/\\s+/).map(Number);\nconsole.log(a + b);',
  multi: [
    { name: "main.js", content: 'const { add } = require("./helper.js");\nconsole.log(add(2, 3));' },
    { name: "helper.js", content: "exports.add = (a, b) => a + b;" },
  ],
  runtimeError: 'throw new Error("boom");',
  busyLoop: "for (;;) {}",
  memoryHog: "const b = Buffer.alloc(400 * 1024 * 1024, 1);\nconsole.log(b.length);",
  lineError: {
    code: "const a = 1;\nconst b = ;\nconsole.log(a);\n",
    verdict: "runtime_error",
    where: /main\.js:2\b/,
  },
  outputFlood:
    'const fs = require("fs");\nconst line = "x".repeat(1000) + "\\n";\nfor (;;) fs.writeSync(1, line);',
  network:
    'require("net")\n  .connect(80, "1.1.1.1", () => {\n    console.log("connected");\n    process.exit(0);\n  })\n  .on("error", () => console.log("no network"));',
  readOnlyRoot:
    'try {\n  require("fs").writeFileSync("/tmp/cg-probe", "x");\n  console.log("written");\n} catch {\n  console.log("read-only");\n}',
};

export default lang;
