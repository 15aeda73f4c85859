/** The admin domain's public face: what the rest of the API imports from here. */
export * from "./admin-users.js";
