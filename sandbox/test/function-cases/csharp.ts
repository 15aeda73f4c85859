import type { FunctionCase } from "./types.js";

const lang: FunctionCase = {
  id: "csharp",
  noisy:
    'using System;\n\npublic class Solution\n{\n    static Solution()\n    {\n        Console.WriteLine("top junk from a static constructor");\n    }\n\n    public int solution(int p0)\n    {\n        Console.WriteLine("junk " + p0);\n        Console.Out.Write("more junk\\n");\n        return p0 + 1;\n    }\n}',
  append:
    'public class Solution\n{\n    public string solution(string p0)\n    {\n        return p0 + "é \\"\\\\\\n😀";\n    }\n}',
  sum: 'using System;\n\npublic class Solution\n{\n    public long solution(int[] p0)\n    {\n        if (p0.Length == 0) throw new ArgumentException("empty");\n        while (p0[0] == -1) { }\n        long s = 0;\n        foreach (int x in p0) s += x;\n        return s;\n    }\n}',
  broken: "public class Solution\n{\n    public int solution(int p0)\n    {\n        return p0 +;\n    }\n}",
  brokenLine: 5,
  file: "Solution.cs",
  compiled: true,
  thrownAt: /Solution\.cs:7\b/,
  floatSum:
    "public class Solution { public double solution(double[] p0) { double s = 0; foreach (double x in p0) s += x; return s; } }",
};

export default lang;
