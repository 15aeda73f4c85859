import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "cpp",
  hello: '#include <iostream>\nint main() { std::cout << "hello" << std::endl; }',
  sum: "#include <iostream>\nint main() { long a, b; std::cin >> a >> b; std::cout << a + b << std::endl; }",
  multi: [
    {
      name: "main.cpp",
      content:
        '#include <iostream>\n#include "helper.h"\nint main() { std::cout << add(2, 3) << std::endl; }',
    },
    { name: "helper.h", content: "int add(int a, int b);" },
    { name: "helper.cpp", content: '#include "helper.h"\nint add(int a, int b) { return a + b; }' },
  ],
  compileError: "int main() { return undeclared_name; }",
  runtimeError: "#include <vector>\nint main() { std::vector<int> v; return v.at(5); }",
  busyLoop: "int main() { volatile long x = 0; for (;;) x++; }",
  memoryHog:
    '#include <vector>\n#include <cstdio>\nint main() { std::vector<char> v(400u << 20, 1); std::printf("%zu\\n", v.size()); }',
  lineError: {
    code: "int main() {\n    return undeclared_name;\n}\n",
    verdict: "compilation_error",
    where: /main\.cpp:2:/,
  },
  outputFlood:
    "#include <cstdio>\n#include <string>\nint main() { std::string s(1000, 'x'); for (;;) std::puts(s.c_str()); }",
  network:
    '#include <arpa/inet.h>\n#include <cstdio>\n#include <sys/socket.h>\nint main() { int fd = socket(AF_INET, SOCK_STREAM, 0); sockaddr_in a{}; a.sin_family = AF_INET; a.sin_port = htons(80); inet_pton(AF_INET, "1.1.1.1", &a.sin_addr); std::puts(fd >= 0 && connect(fd, (sockaddr*)&a, sizeof a) == 0 ? "connected" : "no network"); }',
  readOnlyRoot:
    '#include <cstdio>\nint main() { std::FILE* f = std::fopen("/tmp/cg-probe", "w"); std::puts(f ? "written" : "read-only"); }',
};

export default lang;
