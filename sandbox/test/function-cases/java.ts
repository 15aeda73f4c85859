import type { FunctionCase } from "./types.js";

const lang: FunctionCase = {
  id: "java",
  noisy:
    'class Solution {\n    static {\n        System.out.println("top junk from a static initializer");\n    }\n\n    public int solution(int p0) {\n        System.out.println("junk " + p0);\n        System.out.print("more junk\\n");\n        return p0 + 1;\n    }\n}',
  append:
    'class Solution {\n    public String solution(String p0) {\n        return p0 + "é \\"\\\\\\n😀";\n    }\n}',
  sum: 'import java.util.*;\n\nclass Solution {\n    public long solution(int[] p0) {\n        if (p0.length == 0) throw new IllegalArgumentException("empty");\n        while (p0[0] == -1) { }\n        long s = 0;\n        for (int x : p0) s += x;\n        return s;\n    }\n}',
  broken: "class Solution {\n    public int solution(int p0) {\n        return p0 +;\n    }\n}",
  brokenLine: 3,
  file: "Solution.java",
  compiled: true,
  floatSum:
    "class Solution { public double solution(double[] p0) { double s = 0; for (double x : p0) s += x; return s; } }",
};

export default lang;
