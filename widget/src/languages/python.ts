import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { python } from "@codemirror/legacy-modes/mode/python";

// A stream tokenizer, not a Lezer grammar: highlighting and indentation at a tenth of the size,
// which keeps the problem frame with its language under the 120 KB budget.
export default () => new LanguageSupport(StreamLanguage.define(python));
