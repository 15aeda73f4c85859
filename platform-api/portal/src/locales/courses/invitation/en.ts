import type { Catalog } from "@codeground/widget/i18n";

export default {
  title: "Course invitation",
  "title.join": "Join {course} as {role}",
  loading: "Loading the invitation…",
  "role.instructor": "Instructor",
  "role.ta": "TA",
  "offer.instructor": "You are invited to help teach {course} as an instructor.",
  "offer.ta": "You are invited to help teach {course} as a TA.",
  "offer.instructor.does": "Instructors manage the course's embeds and invite TAs.",
  "offer.ta.does": "TAs see the course, its members and its embeds, and change nothing.",
  sent: "Sent to {email}; the link works once, until {until}.",
  accept: "Accept and join as {role}",
  logout: "Log out",
  "refused.used":
    "This invitation link has already been used. If you were not the one who used it, ask the person who invited you for a new link.",
  "refused.expired":
    "This invitation link has expired: links work for 7 days. Ask the person who invited you for a new one.",
  "refused.not_found":
    "This invitation link is not valid. Check that you have the whole link, or ask the person who invited you for a new one.",
  "refused.already_owner": "You own this course already, so there is nothing to accept.",
  "refused.elsewhere":
    "This invitation was sent to {sentTo}, but you are signed in as {email}. Log out, then log in or sign up with the address it was sent to and open the link again.",
  "refused.elsewhere.address": "another address",
  "refused.elsewhere.someone": "someone else",
} as const satisfies Catalog;
