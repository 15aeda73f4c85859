import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { pascal } from "@codemirror/legacy-modes/mode/pascal";

export default () => new LanguageSupport(StreamLanguage.define(pascal));
