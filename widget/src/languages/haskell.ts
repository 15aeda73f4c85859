import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { haskell } from "@codemirror/legacy-modes/mode/haskell";

export default () => new LanguageSupport(StreamLanguage.define(haskell));
