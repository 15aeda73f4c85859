import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { c } from "@codemirror/legacy-modes/mode/clike";

export default () => new LanguageSupport(StreamLanguage.define(c));
