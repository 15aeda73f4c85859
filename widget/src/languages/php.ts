import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { clike } from "@codemirror/legacy-modes/mode/clike";

const words = (text: string) => Object.fromEntries(text.split(" ").map((w) => [w, true]));

/**
 * @codemirror/legacy-modes has no PHP of its own (CodeMirror 5's mixed HTML mode is not part of
 * it): this is its C-like tokenizer with PHP's words, `$variables`, `#` comments and `<?php`.
 */
const php = clike({
  name: "php",
  keywords: words(
    "abstract and array as break case catch class clone const continue declare default do echo else elseif empty enddeclare endfor endforeach endif endswitch endwhile enum extends final finally fn for foreach function global goto if implements include include_once instanceof insteadof interface isset list match namespace new or print private protected public readonly require require_once return static switch throw trait try unset use var while xor yield",
  ),
  types: words("int float bool string array object mixed void never iterable callable self parent"),
  atoms: words("true false null TRUE FALSE NULL PHP_EOL PHP_INT_MAX PHP_INT_MIN STDIN STDOUT STDERR"),
  builtin: words(
    "count strlen str_repeat implode explode array_map array_filter array_sum array_keys array_values sort usort ksort intdiv max min abs fgets trim json_encode json_decode printf sprintf var_dump print_r",
  ),
  multiLineStrings: true,
  hooks: {
    $: (stream: { eatWhile(match: RegExp): boolean }) => {
      stream.eatWhile(/[\w$]/);
      return "variableName.special";
    },
    "#": (stream: { skipToEnd(): void }) => {
      stream.skipToEnd();
      return "comment";
    },
    "<": (stream: { match(pattern: RegExp): unknown }) => (stream.match(/^\?(php|=)?/) ? "meta" : false),
  },
});

export default () => new LanguageSupport(StreamLanguage.define(php));
