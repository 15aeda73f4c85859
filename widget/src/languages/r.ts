import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { r } from "@codemirror/legacy-modes/mode/r";

export default () => new LanguageSupport(StreamLanguage.define(r));
