import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { java } from "@codemirror/legacy-modes/mode/clike";

export default () => new LanguageSupport(StreamLanguage.define(java));
