import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { javascript } from "@codemirror/legacy-modes/mode/javascript";

export default () => new LanguageSupport(StreamLanguage.define(javascript));
