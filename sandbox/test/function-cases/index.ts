import { loadCaseModules } from "../case-modules.js";
import type { FunctionCase } from "./types.js";

export type { FunctionCase } from "./types.js";

/** Every function-mode language's case, in id order. `LANGUAGES=go,rust` narrows the suite to those. */
export const functionCases = await loadCaseModules<FunctionCase>(new URL(".", import.meta.url));
