import { describe } from "vitest";
import { connectMessages } from "../portal/src/locales/lti/connect/index.js";
import { platformsMessages } from "../portal/src/locales/lti/platforms/index.js";
import { checkCatalogArea } from "./support/catalogs.js";

describe("the LTI page's message catalogs", () => {
  checkCatalogArea("lti/platforms", platformsMessages);
});

describe("the LMS registration window's message catalogs", () => {
  checkCatalogArea("lti/connect", connectMessages);
});
