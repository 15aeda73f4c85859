import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { csharp } from "@codemirror/legacy-modes/mode/clike";

export default () => new LanguageSupport(StreamLanguage.define(csharp));
