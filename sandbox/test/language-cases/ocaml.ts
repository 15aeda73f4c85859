import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "ocaml",
  hello: 'let () = print_endline "hello"',
  sum: 'let () = Scanf.scanf " %d %d" (fun a b -> Printf.printf "%d\\n" (a + b))',
  multi: [
    { name: "main.ml", content: 'let () = Printf.printf "%d\\n" (Helper.add 2 3)' },
    { name: "helper.ml", content: "let add a b = a + b" },
  ],
  compileError: 'let () = print_endline (1 + "two")',
  runtimeError: 'let () = failwith "boom"',
  busyLoop: "let () =\n  let x = ref 0 in\n  while true do\n    incr x\n  done",
  memoryHog:
    "let () =\n  let b = Bytes.make (400 * 1024 * 1024) 'x' in\n  print_int (Bytes.length b);\n  print_newline ()",
  lineError: {
    code: "let () =\n  let x = 1 in\n  print_int (x + undeclared_name)\n",
    verdict: "compilation_error",
    where: /File "main\.ml", line 3\b/,
  },
  outputFlood: "let () =\n  let s = String.make 1000 'x' in\n  while true do\n    print_endline s\n  done",
  network: [
    "let () =",
    "  try",
    "    let s = Unix.socket Unix.PF_INET Unix.SOCK_STREAM 0 in",
    '    Unix.connect s (Unix.ADDR_INET (Unix.inet_addr_of_string "1.1.1.1", 80));',
    '    print_endline "connected"',
    '  with Unix.Unix_error _ -> print_endline "no network"',
  ].join("\n"),
  readOnlyRoot: [
    "let () =",
    "  try",
    '    let oc = open_out "/tmp/cg-probe" in',
    "    close_out oc;",
    '    print_endline "written"',
    '  with Sys_error _ -> print_endline "read-only"',
  ].join("\n"),
};

export default lang;
