import type { FunctionCase } from "./types.js";

const lang: FunctionCase = {
  id: "cpp",
  noisy:
    '#include <cstdio>\n#include <iostream>\n\nstruct Announce {\n    Announce() {\n        std::printf("top junk from a global\\n");\n        std::cout << "top junk via cout" << std::endl;\n    }\n} announce;\n\nint solution(int p0) {\n    std::cout << "junk " << p0 << std::endl;\n    std::printf("more junk\\n");\n    std::puts("puts junk");\n    return p0 + 1;\n}',
  append:
    '#include <string>\n\nstd::string solution(const std::string& p0) {\n    return p0 + "é \\"\\\\\\n😀";\n}',
  sum: '#include <stdexcept>\n#include <vector>\n\nlong long solution(const std::vector<int>& p0) {\n    if (p0.empty()) throw std::runtime_error("empty");\n    volatile long spin = 0;\n    while (p0[0] == -1) spin = spin + 1;\n    long long s = 0;\n    for (int x : p0) s += x;\n    return s;\n}',
  broken: "int solution(int p0) {\n    return p0 +;\n}",
  brokenLine: 2,
  file: "main.cpp",
  compiled: true,
  floatSum:
    "#include <vector>\ndouble solution(std::vector<double> p0) { double s = 0; for (double x : p0) s += x; return s; }",
};

export default lang;
