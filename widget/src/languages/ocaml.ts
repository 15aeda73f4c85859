import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { oCaml } from "@codemirror/legacy-modes/mode/mllike";

export default () => new LanguageSupport(StreamLanguage.define(oCaml));
