import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
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
  lineError: { code: "a = 1\nb = 2 +\nprint(a)\n", verdict: "runtime_error", where: /main\.py", line 2\b/ },
  outputFlood: "while True:\n    print('x' * 1000)",
  network:
    "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 80), timeout=2)\n    print('connected')\nexcept OSError:\n    print('no network')",
  readOnlyRoot:
    "try:\n    open('/tmp/cg-probe', 'w').write('x')\n    print('written')\nexcept OSError:\n    print('read-only')",
};

export default lang;
