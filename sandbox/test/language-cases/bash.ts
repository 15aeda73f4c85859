import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "bash",
  hello: "echo hello",
  sum: "read -r a b\necho $((a + b))",
  multi: [
    { name: "main.sh", content: "source ./helper.sh\nadd 2 3" },
    { name: "helper.sh", content: "add() {\n  echo $(($1 + $2))\n}" },
  ],
  compileError: "if true; then\n  echo yes\n",
  runtimeError: 'set -u\necho "$undefined_variable"',
  busyLoop: "while :; do :; done",
  // Doubling a string 29 times asks for 512 MB, each step copying the last.
  memoryHog: 's=x\nfor ((i = 0; i < 29; i++)); do s=$s$s; done\necho "$s" | wc -c',
  lineError: { code: "a=1\necho (\necho $a\n", verdict: "compilation_error", where: /main\.sh: line 2:/ },
  outputFlood: "s=$(printf 'x%.0s' {1..1000})\nwhile :; do echo \"$s\"; done",
  // The image has no network tools; bash's own /dev/tcp is what a learner would try.
  network:
    "if (exec 3<>/dev/tcp/1.1.1.1/80) 2>/dev/null; then\n  echo connected\nelse\n  echo 'no network'\nfi",
  readOnlyRoot: "if (echo x >/tmp/cg-probe) 2>/dev/null; then\n  echo written\nelse\n  echo read-only\nfi",
};

export default lang;
