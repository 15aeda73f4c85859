import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { kotlin } from "@codemirror/legacy-modes/mode/clike";

export default () => new LanguageSupport(StreamLanguage.define(kotlin));
