import { describe } from "vitest";
import { gradebookMessages } from "../portal/src/locales/gradebook/index.js";
import { checkCatalogArea } from "./support/catalogs.js";

describe("the gradebook's message catalogs (grid, statistics, a learner's submissions)", () => {
  checkCatalogArea("gradebook", gradebookMessages);
});
