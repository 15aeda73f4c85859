import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { fortran } from "@codemirror/legacy-modes/mode/fortran";

export default () => new LanguageSupport(StreamLanguage.define(fortran));
