import { maskEmail } from "@codeground/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newEmail, PASSWORD, type SignedUp, signUp } from "./support/accounts.js";
import { PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";
import { harvestSecrets } from "./support/leaks.js";
import { type ReceivedMail, startSmtp, type TestSmtp } from "./support/smtp.js";

describe.each(databases)("course invitations by email on $name", (target) => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  let api: TestApi;

  beforeAll(async () => {
    database = await target.create();
    smtp = await startSmtp();
    api = await startApi(database.knex, { smtpUrl: smtp.url });
  });

  afterAll(async () => {
    await api?.close();
    await smtp?.close();
    await database?.destroy();
  });

  async function course(owner: SignedUp, name = "Algorithms 101"): Promise<string> {
    const res = await api.call("POST", "/api/v1/courses", { token: owner.token, body: { name } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }

  async function invite(owner: SignedUp, courseId: string, email: string, role: "instructor" | "ta") {
    const res = await api.call("POST", `/api/v1/courses/${courseId}/invitations`, {
      token: owner.token,
      body: { email, role },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; url: string; token: string };
  }

  async function setLocale(user: SignedUp, locale: string) {
    const res = await api.call("PATCH", "/api/v1/me", { token: user.token, body: { locale } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  /** The invitation token in a mail's one invitation link. */
  function invitationToken(mail: ReceivedMail): string {
    const link = mail.links.find((l) => l.startsWith(`${PUBLIC_URL}/invitations/`));
    expect(link, mail.text).toBeDefined();
    const token = new URL(link as string).pathname.split("/").pop() as string;
    harvestSecrets({ token });
    return token;
  }

  /** The invitation mail to `email`, once it has arrived (sign-up mail may come first). */
  const invitationMail = (email: string) =>
    smtp.waitFor(email, (m) => m.links.some((l) => l.startsWith(`${PUBLIC_URL}/invitations/`)));

  const accept = (token: string, as: string) =>
    api.call("POST", `/api/v1/invitations/${token}/accept`, { token: as });

  it("mails the invitation link to an account's address in its language; following it joins the course", async () => {
    const owner = await signUp(api, { displayName: "Ada Lovelace" });
    const invitee = await signUp(api);
    await setLocale(invitee, "es");
    const courseId = await course(owner);
    const created = await invite(owner, courseId, invitee.email, "ta");
    expect(Object.keys(created)).toEqual(expect.arrayContaining(["id", "url", "token"]));

    const mail = await invitationMail(invitee.email);
    expect(mail.rcpt).toEqual([invitee.email]);
    expect(mail.subject).toBe("Te invitan a enseñar Algorithms 101 en Codeground");
    expect(mail.text).toContain("Ada Lovelace");
    expect(mail.text).toContain("ayudante");
    expect(mail.links).toContain(created.url);
    expect(mail.html).toContain(`href="${created.url}"`);
    // Sealed while queued, words dropped once sent: the link is never readable in the table.
    const row = await api
      .db("mail_outbox")
      .where({ to_address: invitee.email, kind: "course_invitation" })
      .first();
    expect(row.user_id).toBe(invitee.user.id);

    const token = invitationToken(mail);
    const accepted = await accept(token, invitee.token);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const members = await api.db("course_members").where({ course_id: courseId, user_id: invitee.user.id });
    expect(members.map((m) => m.role)).toEqual(["ta"]);
  });

  it("invites an address without an account in the inviter's language: sign up, verify, sign in, accept", async () => {
    const owner = await signUp(api);
    await setLocale(owner, "fr");
    const courseId = await course(owner, "Structures de données");
    const email = newEmail("newcomer");
    const created = await invite(owner, courseId, email, "instructor");

    const mail = await invitationMail(email);
    expect(mail.subject).toBe("Vous êtes invité à enseigner dans Structures de données sur Codeground");
    expect(mail.text).toContain("enseignant");
    // The inviter without a display name is named by a masked address, never the whole of it.
    expect(mail.text).toContain(maskEmail(owner.email));
    expect(mail.text).not.toContain(owner.email);
    expect(mail.links).toContain(created.url);
    const row = await api.db("mail_outbox").where({ to_address: email, kind: "course_invitation" }).first();
    expect(row.user_id).toBeNull();

    const signup = await api.call("POST", "/api/v1/auth/signup", { body: { email, password: PASSWORD } });
    expect(signup.status, JSON.stringify(signup.body)).toBe(202);
    const verifyMail = await smtp.waitFor(email, (m) =>
      m.links.some((l) => l.includes("/verify-email?token=")),
    );
    const verifyLink = verifyMail.links.find((l) => l.includes("/verify-email?token=")) as string;
    const verifyToken = new URL(verifyLink).searchParams.get("token") as string;
    harvestSecrets({ token: verifyToken });
    const verified = await api.call("POST", "/api/v1/auth/email/verify", { body: { token: verifyToken } });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    const login = await api.call("POST", "/api/v1/auth/login", { body: { email, password: PASSWORD } });
    expect(login.status).toBe(200);

    const accepted = await accept(invitationToken(mail), login.body.token as string);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.role).toBe("instructor");
    const member = await api
      .db("course_members")
      .where({ course_id: courseId, user_id: login.body.user.id })
      .first();
    expect(member.role).toBe("instructor");
  });

  it("keeps a name with line breaks from adding a header or a recipient", async () => {
    const owner = await signUp(api, { displayName: "Eve\r\nBcc: spy@example.net" });
    const courseId = await course(owner, "Evil\r\nBcc: spy@example.net\r\nSubject: hi");
    const email = newEmail("target");
    await invite(owner, courseId, email, "ta");
    const mail = await invitationMail(email);
    expect(mail.rcpt).toEqual([email]);
    expect(mail.parsed.headers.has("bcc")).toBe(false);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.raw).not.toMatch(/^Bcc:/im);
    await api.app.mail.drain();
    expect(smtp.to("spy@example.net")).toHaveLength(0);
  });
});
