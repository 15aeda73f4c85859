import { type ValueType, ValueType as ValueTypeSchema } from "@codeground/sdk";

export type ScalarType = "int" | "long" | "float" | "bool" | "string";

export interface ParsedType {
  scalar: ScalarType;
  /** 0 for a scalar, 1 for `T[]`, 2 for `T[][]`. */
  depth: number;
}

export function parseType(type: ValueType): ParsedType {
  if (!ValueTypeSchema.safeParse(type).success) throw new TypeError(`unknown value type "${type}"`);
  const scalar = type.replace(/(\[\])+$/, "") as ScalarType;
  return { scalar, depth: (type.length - scalar.length) / 2 };
}

export const containsFloat = (type: ValueType) => parseType(type).scalar === "float";

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

const show = (value: unknown) => {
  const text = typeof value === "bigint" ? `${value}n` : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

/** null when `value` is a valid scalar of that type, else what it should have been. */
const scalarChecks: Record<ScalarType, (value: unknown) => string | null> = {
  int: (v) =>
    typeof v === "number" && Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX ? null : "a 32-bit integer",
  long: (v) =>
    (typeof v === "number" && Number.isSafeInteger(v)) ||
    (typeof v === "bigint" && v >= LONG_MIN && v <= LONG_MAX)
      ? null
      : "a safe integer (|n| < 2^53), or a bigint in the 64-bit range",
  float: (v) => (typeof v === "number" && Number.isFinite(v) ? null : "a finite number"),
  bool: (v) => (typeof v === "boolean" ? null : "true or false"),
  string: (v) =>
    typeof v !== "string"
      ? "a string"
      : /\p{Surrogate}/u.test(v)
        ? "a string of well-formed Unicode (no lone surrogates)"
        : null,
};

function check(scalar: ScalarType, depth: number, value: unknown, path: string): string | null {
  if (depth === 0) {
    const wanted = scalarChecks[scalar](value);
    return wanted === null ? null : `${path ? `${path}: ` : ""}expected ${wanted}, got ${show(value)}`;
  }
  if (!Array.isArray(value))
    return `${path ? `${path}: ` : ""}expected an array (${scalar}${"[]".repeat(depth)}), got ${show(value)}`;
  for (let i = 0; i < value.length; i++) {
    const problem = check(scalar, depth - 1, value[i], `${path}[${i}]`);
    if (problem !== null) return problem;
  }
  return null;
}

/**
 * null when `value` fits `type` (an int in the 32-bit range, a long a safe integer or a bigint in
 * the 64-bit range, a finite float, arrays of the right depth...), else a short message saying where
 * and what.
 */
export function valueFits(type: ValueType, value: unknown): string | null {
  let parsed: ParsedType;
  try {
    parsed = parseType(type);
  } catch (err) {
    return (err as Error).message;
  }
  return check(parsed.scalar, parsed.depth, value, "");
}

/** Whether any long in `value` lies beyond what a JavaScript number holds exactly. */
export function hasUnsafeLong(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasUnsafeLong);
  return (
    typeof value === "bigint" &&
    (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER))
  );
}
