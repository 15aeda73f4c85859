import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "perl",
  hello: 'print "hello\\n";',
  sum: "my ($a, $b) = split ' ', <STDIN>;\nprint $a + $b, \"\\n\";",
  multi: [
    { name: "main.pl", content: "use strict;\nuse lib '.';\nuse Helper;\nprint Helper::add(2, 3), \"\\n\";" },
    { name: "Helper.pm", content: "package Helper;\nuse strict;\nsub add { return $_[0] + $_[1]; }\n1;" },
  ],
  compileError: 'use strict;\n$undeclared = 1;\nprint "$undeclared\\n";',
  runtimeError: 'die "boom\\n";',
  busyLoop: "1 while 1;",
  // The size is a variable: a constant repetition would be folded while `perl -c` compiles.
  memoryHog: 'my $n = 400 * 1024 * 1024;\nmy $s = "x" x $n;\nprint length($s), "\\n";',
  lineError: {
    code: "my $a = 1;\nmy $b = 2 +;\nprint $a;\n",
    verdict: "compilation_error",
    where: /at main\.pl line 2\b/,
  },
  outputFlood: 'my $s = "x" x 1000;\nprint "$s\\n" while 1;',
  network:
    'use IO::Socket::INET;\nmy $s = IO::Socket::INET->new(PeerAddr => "1.1.1.1", PeerPort => 80, Proto => "tcp", Timeout => 2);\nprint $s ? "connected\\n" : "no network\\n";',
  readOnlyRoot: 'print open(my $f, ">", "/tmp/cg-probe") ? "written\\n" : "read-only\\n";',
};

export default lang;
