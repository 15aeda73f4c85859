import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "pascal",
  hello: "program main;\nbegin\n  writeln('hello');\nend.",
  sum: "program main;\nvar a, b: int64;\nbegin\n  read(a, b);\n  writeln(a + b);\nend.",
  multi: [
    { name: "main.pas", content: "program main;\nuses helper;\nbegin\n  writeln(add(2, 3));\nend." },
    {
      name: "helper.pas",
      content:
        "unit helper;\n\ninterface\n\nfunction add(a, b: integer): integer;\n\nimplementation\n\nfunction add(a, b: integer): integer;\nbegin\n  add := a + b;\nend;\n\nend.",
    },
  ],
  compileError: "program main;\nbegin\n  writeln(1 +);\nend.",
  runtimeError: "program main;\nuses sysutils;\nbegin\n  raise Exception.Create('boom');\nend.",
  busyLoop: "program main;\nvar x: int64;\nbegin\n  x := 0;\n  while true do\n    x := x + 1;\nend.",
  memoryHog: [
    "program main;",
    "var p: PByte; n, i, sum: int64;",
    "begin",
    "  n := int64(400) shl 20;",
    "  GetMem(p, n);",
    "  FillChar(p^, n, 1);",
    "  sum := 0;",
    "  i := 0;",
    "  while i < n do begin sum := sum + p[i]; i := i + 4096; end;",
    "  writeln(sum);",
    "end.",
  ].join("\n"),
  lineError: {
    code: "program main;\nbegin\n  undeclared_name := 1;\nend.\n",
    verdict: "compilation_error",
    where: /main\.pas\(3,/,
  },
  outputFlood:
    "program main;\nvar s: string;\nbegin\n  s := StringOfChar('x', 1000);\n  while true do\n    writeln(s);\nend.",
  network: [
    "program main;",
    "uses sockets;",
    "var fd: longint; addr: TInetSockAddr;",
    "begin",
    "  fd := fpSocket(AF_INET, SOCK_STREAM, 0);",
    "  FillChar(addr, SizeOf(addr), 0);",
    "  addr.sin_family := AF_INET;",
    "  addr.sin_port := htons(80);",
    "  addr.sin_addr := StrToNetAddr('1.1.1.1');",
    "  if (fd >= 0) and (fpConnect(fd, @addr, SizeOf(addr)) = 0) then",
    "    writeln('connected')",
    "  else",
    "    writeln('no network');",
    "end.",
  ].join("\n"),
  readOnlyRoot: [
    "program main;",
    "var f: text;",
    "begin",
    "  Assign(f, '/tmp/cg-probe');",
    "  {$I-} Rewrite(f); {$I+}",
    "  if IOResult = 0 then writeln('written') else writeln('read-only');",
    "end.",
  ].join("\n"),
};

export default lang;
