import { LanguageSupport, StreamLanguage } from "@codemirror/language";
import { perl } from "@codemirror/legacy-modes/mode/perl";

export default () => new LanguageSupport(StreamLanguage.define(perl));
