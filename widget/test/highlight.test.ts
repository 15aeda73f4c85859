import { readdirSync } from "node:fs";
import { ensureSyntaxTree } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { classHighlighter, highlightTree } from "@lezer/highlight";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../src/languages/index.js";

/** A few lines per language with a keyword, a string, a number and a comment in it. */
const samples: Record<string, { code: string; keyword: string; string: string; comment: string }> = {
  python: {
    code: 'def f():\n    return "hi" + 1  # note',
    keyword: "def",
    string: '"hi"',
    comment: "# note",
  },
  javascript: {
    code: 'function f() { return "hi" + 1; } // note',
    keyword: "function",
    string: '"hi"',
    comment: "// note",
  },
  typescript: {
    code: 'function f(): string { return "hi" + 1; } // note',
    keyword: "function",
    string: '"hi"',
    comment: "// note",
  },
  java: {
    code: 'class A { String f() { return "hi" + 1; } } // note',
    keyword: "class",
    string: '"hi"',
    comment: "// note",
  },
  cpp: {
    code: 'int main() { return "hi"[1]; } // note',
    keyword: "return",
    string: '"hi"',
    comment: "// note",
  },
  c: {
    code: 'int main(void) { return "hi"[1]; } /* note */',
    keyword: "return",
    string: '"hi"',
    comment: "/* note */",
  },
  go: {
    code: 'package main\nfunc main() { println("hi", 1) } // note',
    keyword: "func",
    string: '"hi"',
    comment: "// note",
  },
  rust: {
    code: 'fn main() { println!("hi {}", 1); } // note',
    keyword: "fn",
    string: '"hi {}"',
    comment: "// note",
  },
  ruby: { code: 'def f\n  puts "hi", 1 # note\nend', keyword: "def", string: '"hi"', comment: "# note" },
  php: {
    code: '<?php\nfunction f($x) { return "hi" . 1; } # note',
    keyword: "function",
    string: '"hi"',
    comment: "# note",
  },
  kotlin: {
    code: 'fun main() { println("hi" + 1) } // note',
    keyword: "fun",
    string: '"hi"',
    comment: "// note",
  },
  csharp: {
    code: 'class A { static void Main() { System.Console.WriteLine("hi" + 1); } } // note',
    keyword: "class",
    string: '"hi"',
    comment: "// note",
  },
  lua: {
    code: 'local function f() return "hi" .. 1 end -- note',
    keyword: "local",
    string: '"hi"',
    comment: "-- note",
  },
  r: {
    code: 'f <- function(x) { paste("hi", 1) } # note',
    keyword: "function",
    string: '"hi"',
    comment: "# note",
  },
  haskell: {
    code: 'main = do\n  let x = 1\n  putStrLn "hi" -- note',
    keyword: "let",
    string: '"hi"',
    comment: "-- note",
  },
  scala: {
    code: 'object A { def main(a: Array[String]) = println("hi" + 1) } // note',
    keyword: "object",
    string: '"hi"',
    comment: "// note",
  },
  bash: {
    code: 'if [ -n "$1" ]; then echo "hi" 1; fi # note',
    keyword: "if",
    string: '"hi"',
    comment: "# note",
  },
  perl: { code: 'sub f { return "hi" . 1; } # note', keyword: "sub", string: '"hi"', comment: "# note" },
  sqlite: {
    code: "SELECT name, 'hi', 1 FROM t -- note",
    keyword: "SELECT",
    string: "'hi'",
    comment: "-- note",
  },
  pascal: {
    code: "begin writeln('hi', 1) end. { note }",
    keyword: "begin",
    string: "'hi'",
    comment: "{ note }",
  },
  fortran: {
    code: "program p\n  print *, 'hi', 1 ! note\nend program p",
    keyword: "program",
    string: "'hi'",
    comment: "! note",
  },
  ocaml: {
    code: 'let () = print_string "hi" (* note *)',
    keyword: "let",
    string: '"hi"',
    comment: "(* note *)",
  },
};

/** The classes classHighlighter gives each token of `code`, by the token's text. */
async function tokens(language: string, code: string): Promise<Map<string, string>> {
  const load = LANGUAGES[language];
  if (!load) throw new Error(`no highlighter for ${language}`);
  const state = EditorState.create({ doc: code, extensions: [(await load()).default()] });
  const tree = ensureSyntaxTree(state, code.length, 5000);
  if (!tree) throw new Error(`${language}: no syntax tree`);
  const found = new Map<string, string>();
  highlightTree(tree, classHighlighter, (from, to, classes) => {
    found.set(code.slice(from, to), classes);
  });
  return found;
}

const sandboxLanguages = readdirSync(new URL("../../sandbox/languages/", import.meta.url), {
  withFileTypes: true,
})
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe("editor highlighting", () => {
  it("has a highlighter, loaded as its own chunk, for every sandbox language", () => {
    for (const id of sandboxLanguages) expect(LANGUAGES, `highlighter for ${id}`).toHaveProperty(id);
    expect(Object.keys(samples).sort()).toEqual(Object.keys(LANGUAGES).sort());
  });

  it.each(Object.entries(samples))(
    "%s: keywords, strings and comments are told apart",
    async (id, sample) => {
      const found = await tokens(id, sample.code);
      expect(found.get(sample.keyword), `${id} keyword ${sample.keyword}: ${[...found]}`).toMatch(
        /tok-keyword/,
      );
      expect(found.get(sample.string), `${id} string ${sample.string}: ${[...found]}`).toMatch(/tok-string/);
      expect(found.get(sample.comment), `${id} comment ${sample.comment}: ${[...found]}`).toMatch(
        /tok-comment/,
      );
    },
  );
});
