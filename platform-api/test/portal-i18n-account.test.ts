import { describe } from "vitest";
import { accountMessages } from "../portal/src/locales/account/index.js";
import { checkCatalogArea } from "./support/catalogs.js";

describe("the portal's account message catalogs (verify the address, reset the password, account settings)", () => {
  checkCatalogArea("account", accountMessages);
});
