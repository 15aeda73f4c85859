import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createSandbox, type RunRequest, type RunResponse, type Sandbox } from "../src/index.js";
import { describeDocker, runtime } from "./helpers.js";

const show = (result: RunResponse) => JSON.stringify(result, null, 1).slice(0, 2000);
const compileMessage = (result: RunResponse) =>
  `${result.compile?.stdout ?? ""}${result.compile?.stderr ?? ""}`;

/** Java as teachers write it: any class name, main in any class, the file named by the sandbox. */
describeDocker(`Java as teachers write it, on ${runtime}`, () => {
  let sandbox: Sandbox;
  const run = (request: Omit<RunRequest, "language">) => sandbox.run({ language: "java", ...request });

  beforeAll(async () => {
    sandbox = await createSandbox({ config: { runtime, poolSize: 1 }, logger: pino({ level: "silent" }) });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it.concurrent("runs `public class HelloWorld` sent as code (the file takes the class's name)", async () => {
    const result = await run({
      code: 'public class HelloWorld {\n    public static void main(String[] args) {\n        System.out.println("Hello, World! " + args.length);\n    }\n}\n',
      args: ["x"],
    });
    expect(result.status, show(result)).toBe("accepted");
    expect(result.run?.stdout).toBe("Hello, World! 1\n");
  });

  it.concurrent("points a mistake in HelloWorld at HelloWorld.java and its line", async () => {
    const result = await run({
      code: "public class HelloWorld {\n    public static void main(String[] args) {\n        int x = ;\n    }\n}\n",
    });
    expect(result.status, show(result)).toBe("compilation_error");
    expect(compileMessage(result)).toMatch(/HelloWorld\.java:3: error/);
    expect(result.run).toBeUndefined();
  });

  it.concurrent("runs main in a class that is not public and not called Main", async () => {
    const result = await run({
      code: "import java.util.Scanner;\n\nclass Foo {\n    public static void main(String[] args) {\n        Scanner in = new Scanner(System.in);\n        System.out.println(in.nextInt() * 2);\n    }\n}\n",
      tests: [
        { id: "a", stdin: "21\n", expected: "42" },
        { id: "b", stdin: "5\n", expected: "10" },
      ],
    });
    expect(result.status, show(result)).toBe("accepted");
  });

  it.concurrent("runs a public class in a package under its qualified name", async () => {
    const result = await run({
      code: "package com.example.course;\n\npublic class Lesson {\n    public static void main(String[] args) {\n        System.out.println(Lesson.class.getName());\n    }\n}\n",
    });
    expect(result.status, show(result)).toBe("accepted");
    expect(result.run?.stdout).toBe("com.example.course.Lesson\n");
  });

  it.concurrent("runs main from the second of two files", async () => {
    const result = await run({
      files: [
        { name: "Main.java", content: "class Numbers {\n    static int twice(int x) { return 2 * x; }\n}\n" },
        {
          name: "Runner.java",
          content:
            "public class Runner {\n    public static void main(String[] args) {\n        System.out.println(Numbers.twice(21));\n    }\n}\n",
        },
      ],
    });
    expect(result.status, show(result)).toBe("accepted");
    expect(result.run?.stdout).toBe("42\n");
  });

  it.concurrent("prefers the public class when several classes have a main", async () => {
    const result = await run({
      code: 'class Helper {\n    public static void main(String[] args) { System.out.println("helper"); }\n}\n\npublic class Program {\n    public static void main(String[] args) { System.out.println("program"); }\n}\n',
    });
    expect(result.status, show(result)).toBe("accepted");
    expect(result.run?.stdout).toBe("program\n");
  });

  it.concurrent("says so when two classes have a main and neither is public", async () => {
    const result = await run({
      code: 'class First {\n    public static void main(String[] args) { System.out.println("1"); }\n}\n\nclass Second {\n    public static void main(String[] args) { System.out.println("2"); }\n}\n',
    });
    expect(result.status, show(result)).toBe("compilation_error");
    expect(compileMessage(result)).toMatch(/Several classes have a main method \(First, Second\)/);
    expect(compileMessage(result)).toMatch(/none of them is public/);
    expect(result.run).toBeUndefined();
  });

  it.concurrent("ignores main-like text in comments, strings and nested classes", async () => {
    const result = await run({
      code: [
        "// class Decoy { public static void main(String[] a) {} }",
        "/* public class Commented { public static void main(String[] a) {} } */",
        "public class Real {",
        '    static String text = "public class InString { static void main(";',
        '    static class Inner { public static void main(String[] a) { System.out.println("inner"); } }',
        '    public static void main(String[] args) { System.out.println("real"); }',
        "}",
        "",
      ].join("\n"),
    });
    expect(result.status, show(result)).toBe("accepted");
    expect(result.run?.stdout).toBe("real\n");
  });

  it.concurrent("leaves two files claiming one public class to javac's message", async () => {
    const result = await run({
      files: [
        { name: "Main.java", content: "public class Shared { public static void main(String[] a) { } }" },
        { name: "Shared.java", content: "public class Shared { }" },
      ],
    });
    expect(result.status, show(result)).toBe("compilation_error");
    expect(compileMessage(result)).toMatch(
      /Main\.java:1: error: class Shared is public, should be declared in a file named Shared\.java/,
    );
  });
});
