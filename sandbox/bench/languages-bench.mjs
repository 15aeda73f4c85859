#!/usr/bin/env node
// Language conformance benchmark: for each language, hello world through the sandbox's HTTP API
// against `docker run --rm` of the same image with the same isolation flags, measured in the same
// run on the same engine; and, for each language with a build step, a 20-test submission judged
// in one container (built once) against 20 submissions of one test each (built every time).
// Prints figures; asserts nothing. See sandbox/README.md.
//
//   npm run bench:languages                (root)   or   node sandbox/bench/languages-bench.mjs
//   options: --only go,rust  --samples 9  --runtime runsc  --no-ratio
import { execFile } from "node:child_process";
import { parseArgs } from "node:util";
import { imageTag, loadManifests } from "../dist/index.js";
import { expandCommand } from "../dist/languages/manifest.js";
import { percentile, startBenchService } from "./bench-service.mjs";

const { values: opts } = parseArgs({
  options: {
    runtime: { type: "string", default: "runc" },
    samples: { type: "string", default: "9" },
    only: { type: "string" },
    "no-ratio": { type: "boolean", default: false },
  },
});
const samples = Number(opts.samples);
const runtime = opts.runtime;

/** Hello world, and a program printing the sum of the two numbers on stdin, per language. */
const programs = {
  python: ['print("hello")', "a, b = map(int, input().split())\nprint(a + b)"],
  javascript: [
    'console.log("hello");',
    'const [a, b] = require("fs").readFileSync(0, "utf8").trim().split(/\\s+/).map(Number);\nconsole.log(a + b);',
  ],
  typescript: [
    'const greeting: string = "hello";\nconsole.log(greeting);',
    'const [a, b]: number[] = require("fs").readFileSync(0, "utf8").trim().split(/\\s+/).map(Number);\nconsole.log(a + b);',
  ],
  java: [
    'public class Main { public static void main(String[] a) { System.out.println("hello"); } }',
    "import java.util.Scanner;\npublic class Main { public static void main(String[] a) { Scanner s = new Scanner(System.in); System.out.println(s.nextLong() + s.nextLong()); } }",
  ],
  cpp: [
    '#include <iostream>\nint main() { std::cout << "hello" << std::endl; }',
    '#include <iostream>\nint main() { long a, b; std::cin >> a >> b; std::cout << a + b << "\\n"; }',
  ],
  c: [
    '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }',
    '#include <stdio.h>\nint main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1; printf("%ld\\n", a + b); return 0; }',
  ],
  go: [
    'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello")\n}',
    'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar a, b int64\n\tfmt.Scan(&a, &b)\n\tfmt.Println(a + b)\n}',
  ],
  rust: [
    'fn main() {\n    println!("hello");\n}',
    'use std::io::Read;\nfn main() {\n    let mut s = String::new();\n    std::io::stdin().read_to_string(&mut s).unwrap();\n    let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();\n    println!("{}", v[0] + v[1]);\n}',
  ],
  ruby: ['puts "hello"', "a, b = gets.split.map(&:to_i)\nputs a + b"],
  php: [
    '<?php\necho "hello\\n";',
    '<?php\n[$a, $b] = array_map("intval", preg_split("/\\s+/", trim(fgets(STDIN))));\necho $a + $b, "\\n";',
  ],
  kotlin: [
    'fun main() {\n    println("hello")\n}',
    'fun main() {\n    val (a, b) = readLine()!!.trim().split(Regex("\\\\s+")).map { it.toLong() }\n    println(a + b)\n}',
  ],
  csharp: [
    'class Program { static void Main() { System.Console.WriteLine("hello"); } }',
    "using System;\nclass Program { static void Main() { var p = Console.ReadLine().Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries); Console.WriteLine(long.Parse(p[0]) + long.Parse(p[1])); } }",
  ],
  lua: ['print("hello")', 'local a, b = io.read("n", "n")\nprint(math.tointeger(a + b))'],
  r: [
    'cat("hello\\n")',
    'x <- scan(file("stdin"), quiet = TRUE)\ncat(format(x[1] + x[2], scientific = FALSE), "\\n")',
  ],
  haskell: [
    'main :: IO ()\nmain = putStrLn "hello"',
    "main :: IO ()\nmain = do\n  [a, b] <- map read . words <$> getLine :: IO [Integer]\n  print (a + b)",
  ],
  scala: [
    'object Main {\n  def main(args: Array[String]): Unit = println("hello")\n}',
    'object Main {\n  def main(args: Array[String]): Unit = {\n    val Array(a, b) = scala.io.StdIn.readLine().trim.split("\\\\s+").map(_.toLong)\n    println(a + b)\n  }\n}',
  ],
  bash: ['echo "hello"', "read -r a b\necho $((a + b))"],
  perl: ['print "hello\\n";', 'my ($a, $b) = split " ", <STDIN>;\nprint $a + $b, "\\n";'],
  sqlite: ["SELECT 'hello';", undefined],
  pascal: [
    "program Hello;\nbegin\n  writeln('hello');\nend.",
    "program Sum;\nvar a, b: Int64;\nbegin\n  readln(a, b);\n  writeln(a + b);\nend.",
  ],
  fortran: [
    "program hello\n  print '(a)', 'hello'\nend program hello",
    "program sum\n  integer(8) :: a, b\n  read (*, *) a, b\n  print '(i0)', a + b\nend program sum",
  ],
  ocaml: [
    'let () = print_endline "hello"',
    'let () = Scanf.scanf " %d %d" (fun a b -> Printf.printf "%d\\n" (a + b))',
  ],
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const shellQuote = (s) => `'${s.replaceAll("'", "'\\''")}'`;

/** `docker run --rm` of the language's image doing what one run does: write, build, run. */
function dockerRunOnce(manifest, code) {
  const main = manifest.mainFile;
  const ctx = { main, files: [{ name: main, content: code }], heapMb: 256 };
  const steps = [`cat > ${shellQuote(main)}`, "mkdir -p .build"];
  if (manifest.compile) {
    steps.push(
      expandCommand(manifest.compile.command, { ...ctx, sources: manifest.compile.sources })
        .map(shellQuote)
        .join(" "),
    );
  }
  steps.push(expandCommand(manifest.run, ctx).map(shellQuote).join(" "));
  const args = [
    "run",
    "--rm",
    "-i",
    "--runtime",
    runtime,
    "--network",
    "none",
    "--read-only",
    "--tmpfs",
    "/work:rw,exec,nosuid,nodev,size=64m,uid=65534,gid=65534,mode=0700",
    "--memory",
    "1g",
    "--cpus",
    "1",
    "--pids-limit",
    String(manifest.pidsLimit + 16),
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--user",
    "65534:65534",
    "--log-driver",
    "none",
    // The environment the sandbox gives every container, then the language's own.
    ...["HOME=/work", "TMPDIR=/work", "LANG=C.UTF-8"].flatMap((e) => ["-e", e]),
    ...Object.entries(manifest.env).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
    "--entrypoint",
    "sh",
    imageTag(manifest.id),
    "-c",
    steps.join(" && "),
  ];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = execFile("docker", args, { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${manifest.id}: docker run failed: ${stderr || err.message}`));
      if (stdout.trim() !== "hello")
        return reject(new Error(`${manifest.id}: docker run printed ${JSON.stringify(stdout)}`));
      resolve(performance.now() - started);
    });
    child.stdin.end(code);
  });
}

async function main() {
  const manifests = await loadManifests();
  const only = opts.only?.split(",").map((s) => s.trim());
  const languages = [...manifests.values()].filter((m) => (!only || only.includes(m.id)) && programs[m.id]);
  const missing = [...manifests.keys()].filter((id) => !programs[id]);
  if (missing.length > 0) console.log(`(no programs here for: ${missing.join(", ")})`);

  const service = await startBenchService({
    runtime,
    poolSize: 1,
    maxConcurrency: 1,
    maxQueue: 1000,
    warmLanguages: languages.map((m) => m.id),
  });
  const { sandbox } = service;
  const apiRun = service.run;

  /** Waits until the language has a warm container, as between two learners' runs. */
  async function warm(id) {
    for (let i = 0; i < 200 && (sandbox.stats().ready[id] ?? 0) < 1; i++) await sleep(50);
  }

  console.log(`# Codeground language benchmark (runtime ${runtime}, ${samples} samples per figure)`);
  console.log("\n## Hello world: HTTP API against docker run --rm of the same image (p50, ms)");
  console.log(
    `${"language".padEnd(12)} ${"version".padEnd(30)} ${"API".padStart(7)} ${"docker run".padStart(11)} ratio`,
  );
  const rows = [];
  for (const manifest of languages) {
    const [hello] = programs[manifest.id];
    const api = [];
    const docker = [];
    // One of each first, untimed: the first compile warms the engine's page cache for the image.
    await warm(manifest.id);
    await apiRun({ language: manifest.id, code: hello });
    await dockerRunOnce(manifest, hello);
    for (let i = 0; i < samples; i++) {
      await warm(manifest.id);
      const { ms, result } = await apiRun({ language: manifest.id, code: hello });
      if (result.status !== "accepted" || result.run?.stdout.trim() !== "hello")
        throw new Error(`${manifest.id}: ${JSON.stringify(result).slice(0, 500)}`);
      api.push(ms);
      docker.push(await dockerRunOnce(manifest, hello));
    }
    const a = percentile(api, 50);
    const d = percentile(docker, 50);
    rows.push({ id: manifest.id, api: a, docker: d });
    console.log(
      `${manifest.id.padEnd(12)} ${manifest.version.slice(0, 30).padEnd(30)} ${a.toFixed(0).padStart(7)} ${d.toFixed(0).padStart(11)} ${(a / d).toFixed(2)}x`,
    );
  }

  if (!opts["no-ratio"]) {
    console.log("\n## 20-test submission, built once, against 20 one-test submissions (ms)");
    console.log(
      `${"language".padEnd(12)} ${"build".padStart(7)} ${"built once".padStart(11)} ${"20 builds".padStart(10)} ratio`,
    );
    for (const manifest of languages.filter((m) => m.compile && programs[m.id][1])) {
      const code = programs[manifest.id][1];
      const tests = Array.from({ length: 20 }, (_, i) => ({
        id: `t${i}`,
        stdin: `${i} ${i * 7}\n`,
        expected: `${i * 8}\n`,
      }));
      await warm(manifest.id);
      const whole = await apiRun({ language: manifest.id, code, tests, compare: "tokens" });
      if (whole.result.status !== "accepted")
        throw new Error(`${manifest.id}: ${JSON.stringify(whole.result).slice(0, 800)}`);
      let each = 0;
      for (const test of tests) {
        await warm(manifest.id);
        const one = await apiRun({ language: manifest.id, code, tests: [test], compare: "tokens" });
        if (one.result.status !== "accepted")
          throw new Error(`${manifest.id}: ${JSON.stringify(one.result).slice(0, 800)}`);
        each += one.ms;
      }
      console.log(
        `${manifest.id.padEnd(12)} ${String(whole.result.compile?.wallMs ?? "").padStart(7)} ${whole.ms.toFixed(0).padStart(11)} ${each.toFixed(0).padStart(10)} ${(each / whole.ms).toFixed(1)}x`,
      );
    }
  }

  await service.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
