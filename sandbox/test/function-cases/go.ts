import type { FunctionCase } from "./types.js";

const lang: FunctionCase = {
  id: "go",
  noisy:
    'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nvar announced = announce()\n\nfunc announce() bool {\n\tfmt.Println("top junk from a package variable")\n\treturn true\n}\n\nfunc init() {\n\tfmt.Println("top junk from init")\n\tos.Stdout.WriteString("top raw junk\\n")\n}\n\nfunc solution(p0 int) int {\n\tfmt.Println("junk", p0)\n\tfmt.Print("more junk\\n")\n\treturn p0 + 1\n}\n',
  append: 'package main\n\nfunc solution(p0 string) string {\n\treturn p0 + "é \\"\\\\\\n😀"\n}\n',
  sum: 'package main\n\nfunc solution(p0 []int) int64 {\n\tif len(p0) == 0 {\n\t\tpanic("empty")\n\t}\n\tfor p0[0] == -1 {\n\t}\n\tvar s int64\n\tfor _, x := range p0 {\n\t\ts += int64(x)\n\t}\n\treturn s\n}\n',
  broken: "package main\n\nfunc solution(p0 int) int {\n\treturn p0 +;\n}\n",
  brokenLine: 4,
  file: "solution.go",
  compiled: true,
  floatSum:
    "package main\n\nfunc solution(p0 []float64) float64 {\n\ts := 0.0\n\tfor _, x := range p0 {\n\t\ts += x\n\t}\n\treturn s\n}\n",
  thrownAt: /solution\.go:5\b/,
  // The starter is gofmt's: a tab-indented empty body.
  identity: (starter) => starter.replace("{\n\t\n}", "{\n\treturn p0\n}"),
};

export default lang;
