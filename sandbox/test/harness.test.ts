import type { FunctionSignature } from "@codeground/sdk";
import { describe, expect, it } from "vitest";
import {
  buildFunctionRun,
  canonicalJson,
  defaultStarter,
  outputMatches,
  supportsFunctionMode,
  ValidationError,
  valueFits,
} from "../src/index.js";

const sumSignature: FunctionSignature = {
  name: "solution",
  params: [{ name: "nums", type: "int[]" }],
  returns: "long",
};

describe("canonical spaced JSON", () => {
  it("separates every token by one space", () => {
    expect(canonicalJson([1, 2, [3.5, "a b"]])).toBe('[ 1 , 2 , [ 3.5 , "a\\u0020b" ] ]');
    expect(canonicalJson([true, false, null])).toBe("[ true , false , null ]");
  });

  it("writes empty and nested empty arrays", () => {
    expect(canonicalJson([])).toBe("[ ]");
    expect(canonicalJson([[], []])).toBe("[ [ ] , [ ] ]");
    expect(canonicalJson([[], [1]])).toBe("[ [ ] , [ 1 ] ]");
  });

  it("writes integers without a decimal point, negatives and large longs exactly", () => {
    expect(canonicalJson(-7)).toBe("-7");
    expect(canonicalJson(-0)).toBe("0");
    expect(canonicalJson(9007199254740991)).toBe("9007199254740991");
    expect(canonicalJson(-9007199254740991)).toBe("-9007199254740991");
    expect(canonicalJson(-(2n ** 63n) + 1n)).toBe("-9223372036854775807");
    expect(canonicalJson(2n ** 63n - 1n)).toBe("9223372036854775807");
    expect(canonicalJson(0.1)).toBe("0.1");
  });

  it("escapes quotes, backslashes, control characters and every whitespace; keeps other characters raw", () => {
    expect(canonicalJson('q"b\\')).toBe('"q\\"b\\\\"');
    expect(canonicalJson("a\nb\tc\r\u0000\u007f")).toBe('"a\\u000ab\\u0009c\\u000d\\u0000\\u007f"');
    expect(canonicalJson("\u00a0\u2028\u3000\ufeff\u200a")).toBe('"\\u00a0\\u2028\\u3000\\ufeff\\u200a"');
    expect(canonicalJson("héllo 日本 😀")).toBe('"héllo\\u0020日本\\u0020😀"');
    expect(canonicalJson("")).toBe('""');
  });

  it("escapes lone surrogates but keeps pairs", () => {
    expect(canonicalJson("\ud83d")).toBe('"\\ud83d"');
    expect(canonicalJson("x\ude00")).toBe('"x\\ude00"');
    expect(canonicalJson("\ud83d\ude00")).toBe('"😀"');
  });

  it("never puts whitespace inside a token, so the tokens compare judges strings whole", () => {
    const text = canonicalJson(["a b", "a\u00a0b", "x\u2003y"]);
    expect(text.split(" ").every((token) => !/\s/.test(token))).toBe(true);
    expect(outputMatches(`${text}\n`, canonicalJson(["a b", "a\u00a0b", "x\u2003y"]), "tokens")).toBe(true);
    expect(outputMatches(canonicalJson(["a b"]), canonicalJson(["a", "b"]), "tokens")).toBe(false);
    expect(outputMatches(canonicalJson(["a b"]), canonicalJson(["a  b"]), "tokens")).toBe(false);
  });

  it("refuses values without a JSON form", () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson({ a: 1 })).toThrow();
  });
});

describe("valueFits", () => {
  it("accepts values of the declared type", () => {
    expect(valueFits("int", -2147483648)).toBeNull();
    expect(valueFits("int", 2147483647)).toBeNull();
    expect(valueFits("long", 9007199254740991)).toBeNull();
    expect(valueFits("long", -(2n ** 63n))).toBeNull();
    expect(valueFits("float", 2)).toBeNull();
    expect(valueFits("float", -1.5e300)).toBeNull();
    expect(valueFits("bool", false)).toBeNull();
    expect(valueFits("string", "")).toBeNull();
    expect(valueFits("int[]", [])).toBeNull();
    expect(valueFits("int[][]", [[], [1, 2]])).toBeNull();
    expect(valueFits("string[]", ["a", "😀"])).toBeNull();
  });

  it("refuses ints beyond 32 bits, unsafe longs and non-integers", () => {
    expect(valueFits("int", 2147483648)).toMatch(/32-bit/);
    expect(valueFits("int", -2147483649)).toMatch(/32-bit/);
    expect(valueFits("int", 1.5)).toMatch(/32-bit/);
    expect(valueFits("long", 2 ** 53)).toMatch(/safe integer/);
    expect(valueFits("long", 1.5)).not.toBeNull();
    expect(valueFits("long", 2n ** 63n)).not.toBeNull();
    expect(valueFits("int", "1")).not.toBeNull();
  });

  it("refuses non-finite floats, non-booleans, lone surrogates and null", () => {
    expect(valueFits("float", Number.POSITIVE_INFINITY)).not.toBeNull();
    expect(valueFits("float", Number.NaN)).not.toBeNull();
    expect(valueFits("bool", 0)).not.toBeNull();
    expect(valueFits("string", "\ud800")).toMatch(/surrogate/);
    expect(valueFits("string", null)).not.toBeNull();
    expect(valueFits("int[]", null)).not.toBeNull();
  });

  it("checks array depth and says where a nested value is wrong", () => {
    expect(valueFits("int[]", [1, [2]])).toMatch(/^\[1\]: /);
    expect(valueFits("int[][]", [1])).toMatch(/^\[0\]: expected an array/);
    expect(valueFits("int[][]", [[1], [2, 3.5]])).toMatch(/^\[1\]\[1\]: expected a 32-bit integer, got 3.5/);
    expect(valueFits("int", [1])).not.toBeNull();
  });

  it("refuses an unknown type", () => {
    expect(valueFits("int[][][]", [])).toMatch(/unknown value type/);
    expect(valueFits("double", 1)).toMatch(/unknown value type/);
  });
});

describe("defaultStarter", () => {
  const signature: FunctionSignature = {
    name: "solution",
    params: [
      { name: "grid", type: "int[][]" },
      { name: "names", type: "string[]" },
      { name: "rate", type: "float" },
      { name: "strict", type: "bool" },
    ],
    returns: "long",
  };

  it("writes each language's signature with an empty body", () => {
    expect(defaultStarter("python", signature)).toBe("def solution(grid, names, rate, strict):\n    pass\n");
    expect(defaultStarter("typescript", signature)).toBe(
      "function solution(grid: number[][], names: string[], rate: number, strict: boolean): number {\n  \n}\n",
    );
    expect(defaultStarter("javascript", signature)).toBe(
      [
        "/**",
        " * @param {number[][]} grid",
        " * @param {string[]} names",
        " * @param {number} rate",
        " * @param {boolean} strict",
        " * @returns {number}",
        " */",
        "function solution(grid, names, rate, strict) {",
        "  ",
        "}",
        "",
      ].join("\n"),
    );
    expect(defaultStarter("java", signature)).toBe(
      "class Solution {\n    public long solution(int[][] grid, String[] names, double rate, boolean strict) {\n        \n    }\n}\n",
    );
    expect(defaultStarter("cpp", signature)).toBe(
      "#include <string>\n#include <vector>\n\nlong long solution(std::vector<std::vector<int>> grid, std::vector<std::string> names, double rate, bool strict) {\n    \n}\n",
    );
  });

  it("uses the signature's function name and needs no headers for scalars", () => {
    const scalar: FunctionSignature = { name: "add", params: [{ name: "a", type: "int" }], returns: "int" };
    expect(defaultStarter("cpp", scalar)).toBe("int add(int a) {\n    \n}\n");
    expect(defaultStarter("python", scalar)).toBe("def add(a):\n    pass\n");
  });

  it("refuses a language without function mode", () => {
    expect(() => defaultStarter("c", sumSignature)).toThrow(ValidationError);
  });
});

describe("buildFunctionRun", () => {
  it("knows which languages have function mode", () => {
    for (const id of ["python", "javascript", "typescript", "java", "cpp", "ruby", "php"])
      expect(supportsFunctionMode(id)).toBe(true);
    for (const id of ["c", "no-such-language", "constructor", "__proto__"])
      expect(supportsFunctionMode(id)).toBe(false);
  });

  it("sends each test's arguments as one JSON line and the expected result in canonical form", () => {
    const run = buildFunctionRun({
      language: "python",
      signature: sumSignature,
      code: "def solution(nums):\n    return sum(nums)",
      tests: [
        { id: "a", args: [[1, 2, 3]], expected: 6 },
        { id: "b", args: [[]] },
      ],
      limits: { timeMs: 1000 },
    });
    expect(run.language).toBe("python");
    expect(run.compare).toBe("tokens");
    expect(run.limits).toEqual({ timeMs: 1000 });
    expect(run.tests).toEqual([
      { id: "a", stdin: "[[1,2,3]]\n", expected: "6\n" },
      { id: "b", stdin: "[[]]\n" },
    ]);
    expect(run.files?.map((f) => f.name)).toEqual(["solution.py", "main.py"]);
    expect(run.files?.[0]?.content).toBe("def solution(nums):\n    return sum(nums)");
  });

  it("puts the learner's code in a file of its own, or first in main.cpp for C++", () => {
    const code = "long long solution(std::vector<int> nums) { return 0; }";
    const cpp = buildFunctionRun({ language: "cpp", signature: sumSignature, code, tests: [] });
    expect(cpp.files?.map((f) => f.name)).toEqual(["main.cpp"]);
    expect(cpp.files?.[0]?.content).toContain(`#line 1\n${code}\n`);
    const java = buildFunctionRun({
      language: "java",
      signature: sumSignature,
      code: "class Solution {}",
      tests: [],
    });
    expect(java.files?.map((f) => f.name)).toEqual(["Solution.java", "Main.java"]);
    expect(java.files?.[0]?.content).toBe("class Solution {}");
    for (const [language, extension] of [
      ["javascript", "js"],
      ["typescript", "ts"],
    ] as const) {
      const run = buildFunctionRun({
        language,
        signature: sumSignature,
        code: "function solution(n) {}",
        tests: [],
      });
      expect(run.files?.map((f) => f.name)).toEqual([`solution.${extension}`, `main.${extension}`]);
      expect(run.files?.[0]?.content).toBe("function solution(n) {}");
      // The harness declares nothing at the top level, so no learner's name can clash with it.
      expect(run.files?.[1]?.content).toContain('})("solution", "long");');
    }
  });

  it("compares with a tolerance when the result holds floats", () => {
    const signature: FunctionSignature = { name: "solution", params: [], returns: "float[]" };
    const base = {
      language: "javascript",
      signature,
      code: "",
      tests: [{ id: "1", args: [], expected: [0.5] }],
    };
    expect(buildFunctionRun(base).compare).toEqual({ float: 1e-6 });
    expect(buildFunctionRun({ ...base, tolerance: 1e-3 }).compare).toEqual({ float: 1e-3 });
    expect(buildFunctionRun(base).tests?.[0]?.expected).toBe("[ 0.5 ]\n");
  });

  it("writes longs beyond 2^53 given as bigint, except for JavaScript", () => {
    const signature: FunctionSignature = {
      name: "solution",
      params: [{ name: "x", type: "long" }],
      returns: "long",
    };
    const big = -(2n ** 63n) + 1n;
    const run = buildFunctionRun({
      language: "java",
      signature,
      code: "",
      tests: [{ id: "1", args: [big], expected: big }],
    });
    expect(run.tests?.[0]).toEqual({
      id: "1",
      stdin: "[-9223372036854775807]\n",
      expected: "-9223372036854775807\n",
    });
    for (const language of ["javascript", "typescript"]) {
      expect(() =>
        buildFunctionRun({ language, signature, code: "", tests: [{ id: "1", args: [big] }] }),
      ).toThrow(/beyond 2\^53/);
      expect(() =>
        buildFunctionRun({ language, signature, code: "", tests: [{ id: "1", args: [1], expected: big }] }),
      ).toThrow(/expected result: a long beyond 2\^53/);
      expect(() =>
        buildFunctionRun({ language, signature, code: "", tests: [{ id: "1", args: [2n ** 52n] }] }),
      ).not.toThrow();
    }
  });

  it("refuses an unsupported language with a ValidationError", () => {
    const attempt = () => buildFunctionRun({ language: "c", signature: sumSignature, code: "", tests: [] });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/not available for "c"/);
  });

  it("refuses arguments or expected results that do not fit the signature", () => {
    const build = (args: unknown[], expected?: unknown) => () =>
      buildFunctionRun({
        language: "python",
        signature: sumSignature,
        code: "",
        tests: [{ id: "t1", args, expected }],
      });
    expect(build([[1, 2 ** 31]])).toThrow(ValidationError);
    expect(build([[1, 2 ** 31]])).toThrow(/Test "t1": argument nums: \[1\]: expected a 32-bit integer/);
    expect(build([])).toThrow(/expected 1 argument/);
    expect(build([[1], [2]])).toThrow(/expected 1 argument/);
    expect(build([[1]], 1.5)).toThrow(/expected result/);
    expect(build([[1]], "6")).toThrow(ValidationError);
    try {
      build([[1.5]])();
    } catch (err) {
      expect((err as ValidationError).code).toBe("value_does_not_fit");
      expect((err as ValidationError).status).toBe(400);
    }
  });

  it("refuses an invalid signature", () => {
    const signature = { name: "solution", params: [{ name: "x", type: "int[][][]" }], returns: "int" };
    expect(() => buildFunctionRun({ language: "python", signature, code: "", tests: [] })).toThrow(
      ValidationError,
    );
  });
});
