import { describe } from "vitest";
import { assignmentMessages } from "../portal/src/locales/courses/assignment/index.js";
import { courseMessages } from "../portal/src/locales/courses/course/index.js";
import { invitationMessages } from "../portal/src/locales/courses/invitation/index.js";
import { listMessages } from "../portal/src/locales/courses/list/index.js";
import { checkCatalogArea } from "./support/catalogs.js";

describe("the course list's message catalogs", () => {
  checkCatalogArea("courses/list", listMessages);
});

describe("a course page's message catalogs (assignments, members, invitations, the LMS link)", () => {
  checkCatalogArea("courses/course", courseMessages);
});

describe("the staff invitation page's message catalogs", () => {
  checkCatalogArea("courses/invitation", invitationMessages);
});

describe("the assignment page's message catalogs", () => {
  checkCatalogArea("courses/assignment", assignmentMessages);
});
