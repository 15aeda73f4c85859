import type { FunctionCase } from "./types.js";

const lang: FunctionCase = {
  id: "ruby",
  noisy:
    'puts "top junk"\nSTDOUT.syswrite("top raw junk\\n")\n\ndef solution(p0)\n  puts "junk #{p0}"\n  $stdout.write("more junk\\n")\n  IO.for_fd(1, autoclose: false).syswrite("raw junk\\n")\n  p0 + 1\nend\n\nputs "top junk #{solution(41)}"',
  append: 'def solution(p0)\n  p0 + "é \\"\\\\\\n😀"\nend',
  sum: 'def solution(p0)\n  raise ArgumentError, "empty" if p0.empty?\n  while p0[0] == -1\n  end\n  p0.sum\nend',
  broken: "def solution(p0)\n  return p0)\nend",
  brokenLine: 2,
  file: "solution.rb",
  compiled: true,
  floatSum: "def solution(p0)\n  p0.sum\nend",
  thrownAt: /solution\.rb:2:in `solution'/,
  identity: (starter) => starter.replace(/\n {2}\nend/, () => "\n  p0\nend"),
};

export default lang;
