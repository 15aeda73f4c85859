import * as sdk from "@codeground/sdk";
import type { RouteDoc } from "./openapi.js";

const API = "/api/v1";

/** The signed-in user's notification switches. */
export const notificationRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: `${API}/me/notifications`,
    tag: "me",
    summary: "The notification switches: which mail the account gets",
    description:
      "Every switch is on until turned off: a vault key expiring within 7 days, a tutor budget (the account's " +
      "own key's, or a course's sponsored one) at 80 % and at 100 % of the month, two-factor turned off, a new " +
      "access token, a sign-in from a browser the account has not used before. Each is sent once per thing it " +
      "is about.",
    auth: "read",
    response: sdk.NotificationSettings,
  },
  {
    method: "put",
    path: `${API}/me/notifications`,
    tag: "me",
    summary: "Turn notifications on or off; the switches left out stay as they are",
    description: "Answers every switch. An unknown switch or a value that is not a boolean: 400. Audited.",
    auth: "write",
    request: sdk.UpdateNotificationSettings,
    response: sdk.NotificationSettings,
  },
];
