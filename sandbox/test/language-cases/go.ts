import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "go",
  hello: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello")\n}\n',
  sum: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar a, b int64\n\tfmt.Scan(&a, &b)\n\tfmt.Println(a + b)\n}\n',
  multi: [
    {
      name: "main.go",
      content: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println(add(2, 3))\n}\n',
    },
    { name: "helper.go", content: "package main\n\nfunc add(a, b int) int {\n\treturn a + b\n}\n" },
  ],
  compileError: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println(undefinedName)\n}\n',
  lineError: {
    code: 'package main\nimport "fmt"\nfunc main() { fmt.Println(undefinedName) }\n',
    verdict: "compilation_error",
    where: /main\.go:3:/,
  },
  runtimeError: 'package main\n\nfunc main() {\n\tpanic("boom")\n}\n',
  busyLoop: "package main\n\nfunc main() {\n\tx := 0\n\tfor {\n\t\tx++\n\t}\n}\n",
  memoryHog:
    'package main\n\nimport "fmt"\n\nfunc main() {\n\tkeep := make([][]byte, 0, 100)\n\tfor i := 0; i < 100; i++ {\n\t\tb := make([]byte, 4<<20)\n\t\tfor j := range b {\n\t\t\tb[j] = byte(i + 1)\n\t\t}\n\t\tkeep = append(keep, b)\n\t}\n\tfmt.Println(len(keep))\n}\n',
  outputFlood:
    'package main\n\nimport (\n\t"fmt"\n\t"strings"\n)\n\nfunc main() {\n\ts := strings.Repeat("x", 1000)\n\tfor {\n\t\tfmt.Println(s)\n\t}\n}\n',
  network:
    'package main\n\nimport (\n\t"fmt"\n\t"net"\n\t"time"\n)\n\nfunc main() {\n\tconn, err := net.DialTimeout("tcp", "1.1.1.1:80", 2*time.Second)\n\tif err != nil {\n\t\tfmt.Println("no network")\n\t\treturn\n\t}\n\tconn.Close()\n\tfmt.Println("connected")\n}\n',
  readOnlyRoot:
    'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tif err := os.WriteFile("/tmp/cg-probe", []byte("x"), 0o644); err != nil {\n\t\tfmt.Println("read-only")\n\t\treturn\n\t}\n\tfmt.Println("written")\n}\n',
};

export default lang;
