import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { typescript } from "@codemirror/legacy-modes/mode/javascript";

export default () => new LanguageSupport(StreamLanguage.define(typescript));
