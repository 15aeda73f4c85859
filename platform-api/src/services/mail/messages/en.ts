/**
 * The mail Codeground sends, in English (the source every other catalog follows). Each message is
 * a subject, a greeting-free body of paragraphs (one per line), the label of its one button, and
 * a closing line. `{name}` placeholders are filled in; values are escaped for the HTML part.
 */
const en = {
  "common.footer": "This message was sent by Codeground to {email}.",
  "common.ignore": "If this was not you, you can ignore this message.",
  "common.linkFallback": "If the button does not work, copy this address into your browser:",

  "verify_email.subject": "Verify your email address for Codeground",
  "verify_email.body":
    "Someone signed up for Codeground with this address.\nFollow the link to verify it. Until you do, you can do everything except create courses and embeds.\nThe link works once, for 24 hours.",
  "verify_email.action": "Verify my address",

  "signup_existing.subject": "Someone tried to sign up with your address",
  "signup_existing.body":
    "Someone tried to create a Codeground account with this address, which already has one. No second account was made.\nIf it was you, sign in instead. If you forgot your password, you can reset it.",
  "signup_existing.action": "Reset my password",

  "email_change.subject": "Confirm your new email address for Codeground",
  "email_change.body":
    "You asked to use this address for your Codeground account.\nFollow the link to confirm it. Until you do, your account keeps its current address.\nThe link works once, for 24 hours.",
  "email_change.action": "Use this address",

  "email_changed.subject": "Your Codeground email address was changed",
  "email_changed.body":
    "The email address of your Codeground account was changed to {newEmail}.\nFrom now on, mail goes there. If you did not do this, reset your password at once and contact your administrator.",
  "email_changed.action": "Reset my password",

  "password_reset.subject": "Reset your Codeground password",
  "password_reset.body":
    "Someone asked to reset the password of the Codeground account for this address.\nFollow the link to choose a new password. The link works once, for 30 minutes. If two-factor is on, you will also need a code from your app or a recovery code.",
  "password_reset.action": "Choose a new password",

  "password_changed.subject": "Your Codeground password was changed",
  "password_changed.body":
    "The password of your Codeground account was reset. Every session and access token was ended: sign in again everywhere.\nIf you did not do this, reset your password again at once and contact your administrator.",
  "password_changed.action": "Sign in",

  "course_invitation.subject": "You are invited to teach {course} on Codeground",
  "course_invitation.body":
    "{inviter} invited you to join the course {course} as {role}.\nFollow the link to accept. If you have no Codeground account yet, you will create one first. The invitation works once, for 7 days.",
  "course_invitation.action": "Accept the invitation",
  "role.instructor": "an instructor",
  "role.ta": "a teaching assistant",

  "key_expiring.subject": "Your API key {key} expires on {date}",
  "key_expiring.body":
    "The {provider} key {key} in your Codeground vault expires on {date}.\nAfter that, the tutor and feedback that use it stop working. Replace its secret or choose another key.",
  "key_expiring.action": "Open my keys",

  "budget_warning.subject": "{budget}: {percent}% of this month's tutor budget is used",
  "budget_warning.body":
    "{budget} has used {percent}% of its tutor budget for this month ({used} of {limit} tokens).\nWhen it reaches 100%, the tutor stops answering until the next month or until the budget is raised.",
  "budget_exhausted.subject": "{budget}: this month's tutor budget is used up",
  "budget_exhausted.body":
    "{budget} has used its whole tutor budget for this month ({used} of {limit} tokens).\nThe tutor will not answer with it until the next month, or until the budget is raised.",
  "budget.own": "Your key {key}",
  "budget.course": "The course {course}",
  "budget.action": "Review the budget",

  "mfa_disabled.subject": "Two-factor authentication was turned off",
  "mfa_disabled.body":
    "Two-factor authentication was turned off for your Codeground account on {date}.\nYour account is now protected by its password alone. If you did not do this, reset your password at once and turn two-factor on again.",
  "mfa_disabled.action": "Open security settings",

  "token_created.subject": "A new access token was created: {token}",
  "token_created.body":
    "An access token named {token} with the scopes {scopes} was created for your Codeground account on {date}.\nIf you did not do this, revoke it in your security settings and change your password.",
  "token_created.action": "Open security settings",

  "new_sign_in.subject": "New sign-in to Codeground from {browser}",
  "new_sign_in.body":
    "Your Codeground account was signed in to from a browser it has not used before, on {date}.\nBrowser: {browser}\nAddress: {ip}\nIf this was you, there is nothing to do. If not, reset your password and turn on two-factor.",
  "new_sign_in.action": "Open security settings",
  "new_sign_in.browserOn": "{browser} on {system}",
  "new_sign_in.unknownBrowser": "an unknown browser",

  "notifications.footer": "You can turn this kind of message off in the portal's notification settings.",

  "account_deleted.subject": "Your Codeground account was deleted",
  "account_deleted.body":
    "Your Codeground account and the data it kept were deleted on {date}, as you asked.\nOnly pseudonymised entries of the audit log remain. This cannot be undone.",
} as const;

export type MailMessageKey = keyof typeof en;
export default en as Readonly<Record<MailMessageKey, string>>;
