import type { FunctionCase } from "./types.js";

const lang: FunctionCase = {
  id: "rust",
  // Rust runs nothing before main: the earliest a learner's code prints is a lazily initialised
  // static on the function's first call.
  noisy:
    'use std::io::Write;\nuse std::os::unix::io::FromRawFd;\nuse std::sync::OnceLock;\n\nstatic GREETING: OnceLock<()> = OnceLock::new();\n\nfn solution(p0: i32) -> i32 {\n    GREETING.get_or_init(|| println!("top junk from a lazy static"));\n    println!("junk {}", p0);\n    print!("more junk\\n");\n    // SAFETY: writes to file descriptor 1 without closing it.\n    let mut raw = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(1) });\n    raw.write_all(b"raw junk\\n").unwrap();\n    p0 + 1\n}\n',
  append: 'fn solution(p0: String) -> String {\n    p0 + "é \\"\\\\\\n😀"\n}\n',
  sum: 'fn solution(p0: Vec<i32>) -> i64 {\n    if p0.is_empty() {\n        panic!("empty");\n    }\n    while p0[0] == -1 {\n        std::hint::spin_loop();\n    }\n    p0.iter().map(|&x| i64::from(x)).sum()\n}\n',
  broken: "fn solution(p0: i32) -> i32 {\n    p0 +;\n}\n",
  brokenLine: 2,
  file: "solution.rs",
  compiled: true,
  floatSum: "fn solution(p0: Vec<f64>) -> f64 {\n    p0.iter().sum()\n}\n",
  thrownAt: /solution\.rs:3:/,
};

export default lang;
