import { LanguageSupport, StreamLanguage, type StringStream } from "@codemirror/language";

/**
 * SQL as SQLite speaks it. @codemirror/legacy-modes' sql module defines every dialect at load
 * time (about 10 KB gzip), which would take the problem frame over its 120 KB budget; this is the
 * same kind of stream tokenizer with SQLite's words only.
 */
const KEYWORDS = new Set(
  (
    "abort action add after all alter analyze and as asc attach autoincrement before begin between by cascade case cast " +
    "check collate column commit conflict constraint create cross current current_date current_time current_timestamp " +
    "database default deferrable deferred delete desc detach distinct do drop each else end escape except exclude " +
    "exclusive exists explain fail filter first following for foreign from full generated glob group groups having if " +
    "ignore immediate in index indexed initially inner insert instead intersect into is isnull join key last left like " +
    "limit match materialized natural no not nothing notnull nulls of offset on or order others outer over partition " +
    "plan pragma preceding primary query raise range recursive references regexp reindex release rename replace " +
    "restrict returning right rollback row rows savepoint select set table temp temporary then ties to transaction " +
    "trigger unbounded union unique update using vacuum values view virtual when where window with without"
  ).split(" "),
);
const TYPES = new Set(
  "integer int real text blob numeric boolean date datetime varchar char float double".split(" "),
);
const ATOMS = new Set(["null", "true", "false"]);
const BUILTINS = new Set(
  (
    "abs avg coalesce count date datetime group_concat hex ifnull iif instr julianday length lower ltrim max min " +
    "nullif printf quote random replace round rtrim strftime substr substring sum time total trim typeof upper " +
    "row_number rank dense_rank ntile lag lead first_value last_value nth_value cume_dist percent_rank"
  ).split(" "),
);

interface State {
  inComment: boolean;
}

function token(stream: StringStream, state: State): string | null {
  if (state.inComment) {
    if (stream.skipTo("*/")) {
      stream.pos += 2;
      state.inComment = false;
    } else stream.skipToEnd();
    return "comment";
  }
  if (stream.eatSpace()) return null;
  if (stream.match("--")) {
    stream.skipToEnd();
    return "comment";
  }
  if (stream.match("/*")) {
    state.inComment = true;
    return token(stream, state) ?? "comment";
  }
  const quote = stream.peek();
  if (quote === "'" || quote === '"' || quote === "`") {
    stream.next();
    while (!stream.eol()) {
      if (stream.next() === quote) {
        if (stream.peek() === quote) stream.next();
        else break;
      }
    }
    return quote === "'" ? "string" : "variableName.special";
  }
  if (stream.match(/^(0x[0-9a-f]+|\d+(\.\d*)?(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?)/i)) return "number";
  if (stream.match(/^[?:@$][\w]*/)) return "variableName.special";
  if (stream.match(/^[A-Za-z_][\w$]*/)) {
    const word = stream.current().toLowerCase();
    if (KEYWORDS.has(word)) return "keyword";
    if (TYPES.has(word)) return "type";
    if (ATOMS.has(word)) return "atom";
    if (BUILTINS.has(word) && stream.match(/^\s*\(/, false)) return "builtin";
    return "variableName";
  }
  stream.next();
  return /[-+*/<>=!|%&~]/.test(stream.current()) ? "operator" : null;
}

const sqlite = StreamLanguage.define<State>({
  name: "sqlite",
  startState: () => ({ inComment: false }),
  token,
  languageData: { commentTokens: { line: "--", block: { open: "/*", close: "*/" } } },
});

export default () => new LanguageSupport(sqlite);
