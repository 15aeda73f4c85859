import { loadCaseModules } from "../case-modules.js";
import type { LanguageCase } from "./types.js";

export type { LanguageCase } from "./types.js";

/** Every language's case, in id order. `LANGUAGES=go,rust` narrows the suite to those. */
export const cases = await loadCaseModules<LanguageCase>(new URL(".", import.meta.url));
