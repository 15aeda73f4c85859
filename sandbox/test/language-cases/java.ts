import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "java",
  // As teachers write it: the file is named after the public class, whatever it is called.
  hello: 'public class HelloWorld { public static void main(String[] a) { System.out.println("hello"); } }',
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
  busyLoop: "public class Main { public static void main(String[] a) { long x = 0; while (true) { x++; } } }",
  memoryHog:
    "public class Main { public static void main(String[] a) { long[][] keep = new long[100][]; for (int i = 0; i < 100; i++) { keep[i] = new long[1 << 19]; java.util.Arrays.fill(keep[i], i); } System.out.println(keep.length); } }",
  lineError: {
    code: "public class Main {\n    public static void main(String[] a) {\n        int x = ;\n    }\n}\n",
    verdict: "compilation_error",
    where: /Main\.java:3\b/,
  },
  outputFlood:
    'public class Main { public static void main(String[] a) { String s = "x".repeat(1000); while (true) System.out.println(s); } }',
  network:
    'public class Main { public static void main(String[] a) { try (java.net.Socket s = new java.net.Socket()) { s.connect(new java.net.InetSocketAddress("1.1.1.1", 80), 2000); System.out.println("connected"); } catch (Exception e) { System.out.println("no network"); } } }',
  readOnlyRoot:
    'public class Main { public static void main(String[] a) { try { java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/cg-probe"), "x"); System.out.println("written"); } catch (Exception e) { System.out.println("read-only"); } } }',
};

export default lang;
