import type { FunctionCase } from "./types.js";

const lang: FunctionCase = {
  id: "python",
  noisy:
    'import os, sys\nprint("top junk")\nos.write(1, b"top raw junk\\n")\ndef solution(p0):\n    print("junk", p0)\n    sys.stdout.write("more junk\\n")\n    os.write(1, b"raw junk\\n")\n    return p0 + 1\nprint("top junk", solution(41))',
  append: 'def solution(p0):\n    return p0 + "é \\"\\\\\\n😀"',
  sum: 'def solution(p0):\n    if not p0:\n        raise ValueError("empty")\n    while p0[0] == -1:\n        pass\n    return sum(p0)',
  broken: "def solution(p0)\n    return p0",
  brokenLine: 1,
  file: "solution.py",
  compiled: false,
  floatSum: "def solution(p0):\n    return sum(p0)",
  thrownAt: /solution\.py", line 3\b/,
};

export default lang;
