import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { cpp } from "@codemirror/legacy-modes/mode/clike";

export default () => new LanguageSupport(StreamLanguage.define(cpp));
