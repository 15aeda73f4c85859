import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "c",
  hello: '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }',
  sum: '#include <stdio.h>\nint main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1; printf("%ld\\n", a + b); return 0; }',
  multi: [
    {
      name: "main.c",
      content:
        '#include <stdio.h>\n#include "helper.h"\nint main(void) { printf("%d\\n", add(2, 3)); return 0; }',
    },
    { name: "helper.h", content: "int add(int a, int b);" },
    { name: "helper.c", content: '#include "helper.h"\nint add(int a, int b) { return a + b; }' },
  ],
  compileError: "int main(void) { return undeclared_name; }",
  runtimeError: "#include <stdlib.h>\nint main(void) { abort(); }",
  busyLoop: "int main(void) { volatile long x = 0; for (;;) x++; }",
  memoryHog:
    '#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\nint main(int argc, char **argv) { size_t n = 400u << 20; char *p = malloc(n); if (!p) return 3; memset(p, argc, n); long sum = 0; for (size_t i = 0; i < n; i += 4096) sum += p[i]; printf("%ld\\n", sum); return 0; }',
  lineError: {
    code: "int main(void) {\n    return undeclared_name;\n}\n",
    verdict: "compilation_error",
    where: /main\.c:2:/,
  },
  outputFlood:
    "#include <stdio.h>\n#include <string.h>\nint main(void) { char s[1001]; memset(s, 'x', 1000); s[1000] = 0; for (;;) puts(s); }",
  network:
    '#include <arpa/inet.h>\n#include <stdio.h>\n#include <sys/socket.h>\nint main(void) { int fd = socket(AF_INET, SOCK_STREAM, 0); struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_port = htons(80); inet_pton(AF_INET, "1.1.1.1", &a.sin_addr); puts(fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0 ? "connected" : "no network"); return 0; }',
  readOnlyRoot:
    '#include <stdio.h>\nint main(void) { FILE *f = fopen("/tmp/cg-probe", "w"); puts(f ? "written" : "read-only"); return 0; }',
};

export default lang;
