// Codeground function-mode harness (JavaScript and TypeScript): the main file, next to the
// learner's solution.js (TypeScript: solution.ts, compiled beside this file into .build/).
// stdin: the arguments as one JSON array. stdout: the result in canonical spaced JSON.
// The arguments of the last line are generated: the function's name and its return type.
// Everything sits in one function, so no name of the harness meets one of the learner's, not
// even in TypeScript, where both files are checked in one global scope.
(function __cg_harness(name, returns) {
  const fs = require("node:fs");
  const path = require("node:path");
  const vm = require("node:vm");
  const { createRequire } = require("node:module");

  // Before any of the learner's code runs, at the top level or in the function, their output
  // goes to stderr; the result is written straight to file descriptor 1.
  process.stdout.write = process.stderr.write.bind(process.stderr);
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;

  const mustEscape = (u) =>
    u <= 0x20 ||
    (u >= 0x7f && u <= 0xa0) ||
    u === 0x1680 ||
    (u >= 0x2000 && u <= 0x200a) ||
    u === 0x2028 ||
    u === 0x2029 ||
    u === 0x202f ||
    u === 0x205f ||
    u === 0x3000 ||
    u === 0xfeff ||
    (u >= 0xd800 && u <= 0xdfff);

  const quote = (s) => {
    let out = '"';
    for (let i = 0; i < s.length; i++) {
      const u = s.charCodeAt(i);
      if (u === 0x22) out += '\\"';
      else if (u === 0x5c) out += "\\\\";
      else if (u >= 0xd800 && u <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        out += s.slice(i, i + 2);
        i++;
      } else if (mustEscape(u)) out += `\\u${u.toString(16).padStart(4, "0")}`;
      else out += s[i];
    }
    return `${out}"`;
  };

  // Arrays and typed arrays (Int32Array, Float64Array, ...). Not a type guard, so tsc keeps `v` loose.
  const isList = (v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

  const put = (v, parts) => {
    if (v === null || v === undefined) parts.push("null");
    else if (typeof v === "boolean") parts.push(v ? "true" : "false");
    else if (typeof v === "number") parts.push(Object.is(v, -0) ? "0" : String(v));
    else if (typeof v === "bigint") parts.push(String(v));
    else if (typeof v === "string") parts.push(quote(v));
    else if (isList(v)) {
      if (v.length === 0) {
        parts.push("[ ]");
        return;
      }
      parts.push("[");
      for (let i = 0; i < v.length; i++) {
        if (i > 0) parts.push(",");
        put(v[i], parts);
      }
      parts.push("]");
    } else throw new TypeError(`${name}() returned ${typeof v}; expected ${returns}`);
  };

  const emit = (result) => {
    const parts = [];
    put(result, parts);
    const data = Buffer.from(`${parts.join(" ")}\n`, "utf8");
    let offset = 0;
    while (offset < data.length) {
      try {
        offset += fs.writeSync(1, data, offset, data.length - offset);
      } catch (err) {
        if (err.code !== "EAGAIN") throw err;
      }
    }
  };

  /**
   * Runs the learner's file as Node runs a CommonJS module (with require, module, exports), under
   * its own file name so errors point at its lines, and hands back the function it declares.
   */
  const loadSolution = () => {
    const file = path.join(__dirname, "solution.js");
    const source = fs.readFileSync(file, "utf8");
    // Appended after the last line, so the learner's line and column numbers stay as written.
    const find = `\n;return typeof ${name} === "function" ? ${name} : undefined;\n`;
    const body = vm.compileFunction(
      source + find,
      ["exports", "require", "module", "__filename", "__dirname"],
      {
        filename: file,
      },
    );
    const learner = { exports: {}, filename: file };
    return body.call(learner.exports, learner.exports, createRequire(file), learner, file, __dirname);
  };

  const args = JSON.parse(fs.readFileSync(0, "utf8"));
  const solution = loadSolution();
  if (typeof solution !== "function") {
    process.stderr.write(`Define a function named ${name}.\n`);
    process.exit(1);
  }
  const result = solution(...args);
  if (result !== null && typeof result === "object" && typeof result.then === "function") result.then(emit);
  else emit(result);
})(/*CG:SIGNATURE*/);
