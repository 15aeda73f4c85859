import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "ruby",
  hello: 'puts "hello"',
  sum: "a, b = gets.split.map(&:to_i)\nputs a + b",
  multi: [
    { name: "main.rb", content: 'require_relative "helper"\n\nputs add(2, 3)\n' },
    { name: "helper.rb", content: "def add(a, b)\n  a + b\nend\n" },
  ],
  compileError: "def add(a, b\n  a + b\n",
  lineError: {
    code: "a = 1\nputs(a))\nputs a\n",
    verdict: "compilation_error",
    where: /main\.rb:2: syntax error/,
  },
  runtimeError: 'raise ArgumentError, "boom"',
  busyLoop: "loop {}",
  memoryHog: 'data = "x" * (400 * 1024 * 1024)\nputs data.bytesize',
  outputFlood: 'loop { puts "x" * 1000 }',
  network:
    'require "socket"\nbegin\n  Socket.tcp("1.1.1.1", 80, connect_timeout: 2).close\n  puts "connected"\nrescue SystemCallError, SocketError, IOError\n  puts "no network"\nend',
  readOnlyRoot:
    'begin\n  File.write("/tmp/cg-probe", "x")\n  puts "written"\nrescue SystemCallError, IOError\n  puts "read-only"\nend',
};

export default lang;
