import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "csharp",
  // Main may stand in any class: none of these is called Program or Main.
  hello: 'using System;\nclass Greeter { static void Main() { Console.WriteLine("hello"); } }',
  sum: "using System;\nclass Adder {\n    static void Main() {\n        var parts = Console.ReadLine().Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);\n        Console.WriteLine(long.Parse(parts[0]) + long.Parse(parts[1]));\n    }\n}",
  multi: [
    {
      name: "main.cs",
      content: "static class Numbers { public static int Add(int a, int b) { return a + b; } }",
    },
    {
      name: "Program.cs",
      content:
        "using System;\nclass Program { static void Main() { Console.WriteLine(Numbers.Add(2, 3)); } }",
    },
  ],
  compileError: "class Program { static void Main() { int x = undeclaredName; } }",
  runtimeError:
    'using System;\nclass Program { static void Main() { throw new InvalidOperationException("boom"); } }',
  busyLoop: "class Program { static void Main() { long x = 0; while (true) { x++; } } }",
  memoryHog:
    "using System;\nclass Program { static void Main() { var keep = new long[100][]; for (int i = 0; i < 100; i++) { keep[i] = new long[1 << 19]; for (int j = 0; j < keep[i].Length; j++) keep[i][j] = i + j; } Console.WriteLine(keep.Length); } }",
  lineError: {
    code: "class Program {\n    static void Main() {\n        int x = ;\n    }\n}\n",
    verdict: "compilation_error",
    where: /main\.cs\(3,/,
  },
  outputFlood:
    "using System;\nclass Program { static void Main() { var s = new string('x', 1000); while (true) Console.WriteLine(s); } }",
  network:
    'using System;\nusing System.Net.Sockets;\nclass Program { static void Main() { try { using (var c = new TcpClient()) { if (!c.ConnectAsync("1.1.1.1", 80).Wait(2000)) throw new TimeoutException(); Console.WriteLine("connected"); } } catch (Exception) { Console.WriteLine("no network"); } } }',
  readOnlyRoot:
    'using System;\nusing System.IO;\nclass Program { static void Main() { try { File.WriteAllText("/tmp/cg-probe", "x"); Console.WriteLine("written"); } catch (Exception) { Console.WriteLine("read-only"); } } }',
};

export default lang;
