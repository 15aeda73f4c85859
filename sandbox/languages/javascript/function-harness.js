// Codeground function-mode harness (JavaScript and TypeScript). It follows the learner's code
// in the main file, after generated lines that define __cg_solution, __cg_name and __cg_returns.
// stdin: the arguments as one JSON array. stdout: the result in canonical spaced JSON.
(function __cg_harness() {
  const fs = require("node:fs");

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
    } else throw new TypeError(`${__cg_name}() returned ${typeof v}; expected ${__cg_returns}`);
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

  if (typeof __cg_solution !== "function") {
    process.stderr.write(`Define a function named ${__cg_name}.\n`);
    process.exit(1);
  }
  const args = JSON.parse(fs.readFileSync(0, "utf8"));
  // The learner's output goes to stderr; the result is written straight to file descriptor 1.
  const toStderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = toStderr;
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  const result = __cg_solution(...args);
  if (result !== null && typeof result === "object" && typeof result.then === "function") result.then(emit);
  else emit(result);
})();
