import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "rust",
  hello: 'fn main() {\n    println!("hello");\n}\n',
  sum: 'use std::io::Read;\n\nfn main() {\n    let mut input = String::new();\n    std::io::stdin().read_to_string(&mut input).unwrap();\n    let total: i64 = input.split_whitespace().map(|t| t.parse::<i64>().unwrap()).sum();\n    println!("{}", total);\n}\n',
  // The crate root is the file holding `fn main`, here neither main.rs nor the first file sent;
  // its `mod helper;` finds helper.rs.
  multi: [
    { name: "helper.rs", content: "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n" },
    { name: "app.rs", content: 'mod helper;\n\nfn main() {\n    println!("{}", helper::add(2, 3));\n}\n' },
  ],
  compileError: 'fn main() {\n    let x: i32 = "not a number";\n    println!("{}", x);\n}\n',
  lineError: {
    code: 'fn main() {\n    let x = 1;\n    let y: i32 = "two";\n    println!("{}", x + y);\n}\n',
    verdict: "compilation_error",
    where: /main\.rs:3:/,
  },
  runtimeError:
    'fn main() {\n    let v: Vec<i32> = Vec::new();\n    println!("{}", v[std::hint::black_box(3)]);\n}\n',
  busyLoop:
    "fn main() {\n    let mut x: u64 = 0;\n    loop {\n        x = std::hint::black_box(x.wrapping_add(1));\n    }\n}\n",
  memoryHog:
    'fn main() {\n    let mut keep: Vec<Vec<u8>> = Vec::new();\n    for i in 0..100u32 {\n        keep.push(vec![(i % 250 + 1) as u8; 4 << 20]);\n    }\n    println!("{}", keep.len());\n}\n',
  outputFlood:
    'fn main() {\n    let s = "x".repeat(1000);\n    loop {\n        println!("{}", s);\n    }\n}\n',
  network:
    'use std::net::{SocketAddr, TcpStream};\nuse std::time::Duration;\n\nfn main() {\n    let addr: SocketAddr = "1.1.1.1:80".parse().unwrap();\n    match TcpStream::connect_timeout(&addr, Duration::from_secs(2)) {\n        Ok(_) => println!("connected"),\n        Err(_) => println!("no network"),\n    }\n}\n',
  readOnlyRoot:
    'fn main() {\n    match std::fs::write("/tmp/cg-probe", "x") {\n        Ok(_) => println!("written"),\n        Err(_) => println!("read-only"),\n    }\n}\n',
};

export default lang;
