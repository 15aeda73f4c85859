import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { scala } from "@codemirror/legacy-modes/mode/clike";

export default () => new LanguageSupport(StreamLanguage.define(scala));
