/**
 * The canonical "spaced JSON" text of a function-mode result: every JSON token separated by one
 * space (`[ 1 , 2 , [ "a\u0020b" ] ]`), so the sandbox's token-wise compare modes judge it. Strings
 * escape `"`, `\`, control characters, every kind of whitespace and lone surrogates as `\uXXXX`
 * (lowercase hex), everything else raw, so no whitespace ever appears inside a token. The harness
 * of every language prints exactly this form; keep them in step with this file.
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  put(value, parts);
  return parts.join(" ");
}

/** Code units written as `\uXXXX` in a canonical string: what a token split would break on, and more. */
export function mustEscape(unit: number): boolean {
  return (
    unit <= 0x20 ||
    (unit >= 0x7f && unit <= 0xa0) ||
    unit === 0x1680 ||
    (unit >= 0x2000 && unit <= 0x200a) ||
    unit === 0x2028 ||
    unit === 0x2029 ||
    unit === 0x202f ||
    unit === 0x205f ||
    unit === 0x3000 ||
    unit === 0xfeff ||
    (unit >= 0xd800 && unit <= 0xdfff)
  );
}

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

export function canonicalString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit === 0x22) out += '\\"';
    else if (unit === 0x5c) out += "\\\\";
    else if (isHigh(unit) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) {
      out += s.slice(i, i + 2);
      i++;
    } else if (mustEscape(unit)) out += `\\u${unit.toString(16).padStart(4, "0")}`;
    else out += s[i];
  }
  return `${out}"`;
}

function put(value: unknown, parts: string[]): void {
  if (value === null) parts.push("null");
  else if (typeof value === "boolean") parts.push(value ? "true" : "false");
  else if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`${value} has no JSON form`);
    parts.push(Object.is(value, -0) ? "0" : String(value));
  } else if (typeof value === "bigint") parts.push(value.toString());
  else if (typeof value === "string") parts.push(canonicalString(value));
  else if (Array.isArray(value)) {
    if (value.length === 0) {
      parts.push("[ ]");
      return;
    }
    parts.push("[");
    value.forEach((item, i) => {
      if (i > 0) parts.push(",");
      put(item, parts);
    });
    parts.push("]");
  } else throw new TypeError(`a ${typeof value} has no canonical form`);
}

/** Compact JSON on one line, with `bigint` written as an integer (longs beyond 2^53). */
export function jsonLine(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(jsonLine).join(",")}]`;
  return JSON.stringify(value);
}
