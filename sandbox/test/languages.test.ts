import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunRequest, RunResponse } from "../src/index.js";
import { describeDocker, expectNoLeftovers, runtime, type Service, startService } from "./helpers.js";

interface LanguageCase {
  id: string;
  hello: string;
  /** Reads two integers from stdin and prints their sum. */
  sum: string;
  multi: { name: string; content: string }[];
  compileError?: string;
  runtimeError: string;
  busyLoop: string;
  /** Touches about 400 MB. */
  memoryHog: string;
}

const cases: LanguageCase[] = [
  {
    id: "python",
    hello: 'print("hello")',
    sum: "a, b = map(int, input().split())\nprint(a + b)",
    multi: [
      { name: "main.py", content: "from helper import add\nprint(add(2, 3))" },
      { name: "helper.py", content: "def add(a, b):\n    return a + b" },
    ],
    runtimeError: 'raise ValueError("boom")',
    busyLoop: "while True:\n    pass",
    memoryHog: 'data = b"x" * (400 * 1024 * 1024)\nprint(len(data))',
  },
  {
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
  },
  {
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
  },
  {
    id: "java",
    hello: 'public class Main { public static void main(String[] a) { System.out.println("hello"); } }',
    sum: "import java.util.Scanner;\npublic class Main { public static void main(String[] a) { Scanner s = new Scanner(System.in); System.out.println(s.nextInt() + s.nextInt()); } }",
    multi: [
      {
        name: "Main.java",
        content:
          "public class Main { public static void main(String[] a) { System.out.println(Helper.add(2, 3)); } }",
      },
      {
        name: "Helper.java",
        content: "public class Helper { static int add(int a, int b) { return a + b; } }",
      },
    ],
    compileError: "public class Main { public static void main(String[] a) { int x = } }",
    runtimeError:
      'public class Main { public static void main(String[] a) { throw new RuntimeException("boom"); } }',
    busyLoop:
      "public class Main { public static void main(String[] a) { long x = 0; while (true) { x++; } } }",
    memoryHog:
      "public class Main { public static void main(String[] a) { long[][] keep = new long[100][]; for (int i = 0; i < 100; i++) { keep[i] = new long[1 << 19]; java.util.Arrays.fill(keep[i], i); } System.out.println(keep.length); } }",
  },
  {
    id: "cpp",
    hello: '#include <iostream>\nint main() { std::cout << "hello" << std::endl; }',
    sum: "#include <iostream>\nint main() { long a, b; std::cin >> a >> b; std::cout << a + b << std::endl; }",
    multi: [
      {
        name: "main.cpp",
        content:
          '#include <iostream>\n#include "helper.h"\nint main() { std::cout << add(2, 3) << std::endl; }',
      },
      { name: "helper.h", content: "int add(int a, int b);" },
      { name: "helper.cpp", content: '#include "helper.h"\nint add(int a, int b) { return a + b; }' },
    ],
    compileError: "int main() { return undeclared_name; }",
    runtimeError: "#include <vector>\nint main() { std::vector<int> v; return v.at(5); }",
    busyLoop: "int main() { volatile long x = 0; for (;;) x++; }",
    memoryHog:
      '#include <vector>\n#include <cstdio>\nint main() { std::vector<char> v(400u << 20, 1); std::printf("%zu\\n", v.size()); }',
  },
  {
    id: "c",
    hello: '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }',
    sum: '#include <stdio.h>\nint main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1; printf("%ld\\n", a + b); return 0; }',
    multi: [
      {
        name: "main.c",
        content:
          '#include <stdio.h>\n#include "helper.h"\nint main(void) { printf("%d\\n", add(2, 3)); return 0; }',
      },
      { name: "helper.h", content: "int add(int a, int b);" },
      { name: "helper.c", content: '#include "helper.h"\nint add(int a, int b) { return a + b; }' },
    ],
    compileError: "int main(void) { return undeclared_name; }",
    runtimeError: "#include <stdlib.h>\nint main(void) { abort(); }",
    busyLoop: "int main(void) { volatile long x = 0; for (;;) x++; }",
    memoryHog:
      '#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\nint main(int argc, char **argv) { size_t n = 400u << 20; char *p = malloc(n); if (!p) return 3; memset(p, argc, n); long sum = 0; for (size_t i = 0; i < n; i += 4096) sum += p[i]; printf("%ld\\n", sum); return 0; }',
  },
];

describeDocker(`every language on ${runtime}`, () => {
  let service: Service;
  const run = (request: RunRequest): Promise<RunResponse> => service.client.run(request);

  beforeAll(async () => {
    service = await startService({ poolSize: 1 });
  });

  afterAll(async () => {
    await service?.close();
  });

  for (const lang of cases) {
    it(`${lang.id}: says hello`, async () => {
      const result = await run({ language: lang.id, code: lang.hello });
      expect(result.status, JSON.stringify(result)).toBe("accepted");
      expect(result.run?.stdout).toBe("hello\n");
      expect(result.run?.exitCode).toBe(0);
      expect(result.run?.truncated).toBe(false);
    });

    it(`${lang.id}: reads stdin`, async () => {
      const result = await run({ language: lang.id, code: lang.sum, stdin: "40 2\n" });
      expect(result.status, JSON.stringify(result)).toBe("accepted");
      expect(result.run?.stdout.trim()).toBe("42");
    });

    it(`${lang.id}: builds a program from several files`, async () => {
      const result = await run({ language: lang.id, files: lang.multi });
      expect(result.status, JSON.stringify(result)).toBe("accepted");
      expect(result.run?.stdout.trim()).toBe("5");
    });

    if (lang.compileError) {
      it(`${lang.id}: reports a compile error with the compiler's message`, async () => {
        const result = await run({ language: lang.id, code: lang.compileError as string });
        expect(result.status, JSON.stringify(result)).toBe("compilation_error");
        expect(result.compile?.exitCode).not.toBe(0);
        expect(`${result.compile?.stdout}${result.compile?.stderr}`.length).toBeGreaterThan(0);
        expect(result.run).toBeUndefined();
      });
    }

    it(`${lang.id}: reports a runtime error with its stderr`, async () => {
      const result = await run({ language: lang.id, code: lang.runtimeError });
      expect(result.status, JSON.stringify(result)).toBe("runtime_error");
      expect(result.run?.exitCode === 0).toBe(false);
    });

    it(`${lang.id}: judges tests, compiling once — right and wrong answers`, async () => {
      const result = await run({
        language: lang.id,
        code: lang.sum,
        tests: [
          { id: "a", stdin: "1 2\n", expected: "3\n" },
          { id: "b", stdin: "10 20\n", expected: "30" },
          { id: "c", stdin: "2 2\n", expected: "5\n" },
        ],
        compare: "tokens",
      });
      expect(result.status, JSON.stringify(result)).toBe("wrong_answer");
      expect(result.tests?.map((t) => t.verdict)).toEqual(["accepted", "accepted", "wrong_answer"]);
      expect(result.tests?.[2]?.stdout.trim()).toBe("4");
      expect(result.compile === undefined).toBe(lang.compileError === undefined);
    });

    it(`${lang.id}: stops a busy loop at the time limit`, async () => {
      const result = await run({ language: lang.id, code: lang.busyLoop, limits: { timeMs: 1000 } });
      expect(result.status, JSON.stringify(result)).toBe("time_limit_exceeded");
      expect(result.run?.timeMs).toBeGreaterThanOrEqual(1000);
    });

    it(`${lang.id}: stops a memory hog at the memory limit`, async () => {
      const result = await run({ language: lang.id, code: lang.memoryHog, limits: { memoryMb: 128 } });
      expect(result.status, JSON.stringify({ ...result, run: { ...result.run, stdout: "" } })).toBe(
        "memory_limit_exceeded",
      );
    });
  }

  it("removes every container it used", async () => {
    expect(await expectNoLeftovers()).toEqual([]);
  });
});
