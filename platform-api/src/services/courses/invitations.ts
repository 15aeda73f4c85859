import { randomUUID } from "node:crypto";
import {
  type Course,
  type CourseRole,
  type CreatedInvitation,
  type CreateInvitationRequest,
  maskEmail,
} from "@codeground/sdk";
import type { Knex } from "knex";
import type { z } from "zod";
import { ApiError, fail } from "../../http/errors.js";
import type { Principal, RequestMeta } from "../accounts/accounts.js";
import { hashToken, newToken } from "../accounts/tokens.js";
import { type AuditLog, requestFields } from "../audit/audit.js";
import type { Mailer, MailRequest } from "../mail/mailer.js";
import { type Clock, iso } from "../shared/clock.js";
import { EDITORS, requireRole } from "./course-access.js";
import type { Courses } from "./courses.js";

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
/** Open invitations per course at once: a class's staff, with room for mistakes. */
const MAX_OPEN_INVITATIONS = 200;

interface InvitationRow {
  id: string;
  course_id: string;
  email: string;
  role: "instructor" | "ta";
  token_hash: string;
  invited_by: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
}

const gone = (code: string, message: string) => new ApiError(410, "not_found", code, message);

/**
 * Staff invitations: a single-use link for one email address, shown once and stored hashed. The
 * owner invites instructors and TAs, an instructor TAs; the invited person accepts signed in with
 * that address, and gets the role.
 */
export function createInvitations({
  db,
  audit,
  clock,
  courses,
  mail,
  publicUrl,
}: {
  db: Knex;
  audit: AuditLog;
  clock: Clock;
  courses: Courses;
  /** Mails the link to the invited address; without it the link is only in the answer. */
  mail?: Pick<Mailer, "send">;
  /** Where the portal is: the link is `PUBLIC_URL/invitations/<token>`. */
  publicUrl: string;
}) {
  const now = () => iso(clock.now());
  const base = publicUrl.replace(/\/+$/, "");

  const record = (
    action: string,
    actorId: string,
    courseId: string,
    meta: RequestMeta,
    details: Record<string, unknown>,
  ) =>
    audit.record({
      action,
      actorId,
      targetType: "course",
      targetId: courseId,
      details,
      ...requestFields(meta),
    });

  /** The invitation a token names, or a 404/410 that says what is wrong with it. */
  async function usable(token: string): Promise<InvitationRow> {
    const row: InvitationRow | undefined = /^cgi_[A-Za-z0-9_-]{20,80}$/.test(token)
      ? await db("course_invitations")
          .where({ token_hash: hashToken(token) })
          .first()
      : undefined;
    if (!row)
      throw fail.notFound("invitation_not_found", "This invitation link is not valid; ask for a new one.");
    if (row.accepted_at)
      throw gone("invitation_used", "This invitation has been used already; ask for a new one.");
    if (row.expires_at <= now())
      throw gone("invitation_expired", "This invitation has expired; ask for a new one.");
    return row;
  }

  /**
   * The invitation's mail: in the invited person's language when the address has an account,
   * else in the inviter's; the inviter named as they show themselves, or by a masked address.
   */
  async function invitationMail(
    trx: Knex.Transaction,
    principal: Principal,
    courseId: string,
    row: InvitationRow,
    url: string,
  ): Promise<MailRequest> {
    const course = await trx("courses").where({ id: courseId }).first("name");
    const invitee = await trx("users").where({ email: row.email.toLowerCase() }).first("id", "locale");
    const inviter = await trx("users").where({ id: principal.user.id }).first("locale");
    return {
      kind: "course_invitation",
      to: row.email,
      userId: invitee?.id ?? null,
      locale: invitee ? (invitee.locale ?? null) : (inviter?.locale ?? null),
      params: {
        course: String(course?.name ?? ""),
        inviter: principal.user.displayName ?? maskEmail(principal.user.email),
        role: { key: row.role === "instructor" ? "role.instructor" : "role.ta" },
      },
      link: url,
    };
  }

  return {
    async create(
      principal: Principal,
      courseId: string,
      input: z.output<typeof CreateInvitationRequest>,
      meta: RequestMeta,
    ): Promise<CreatedInvitation> {
      const role = await requireRole(db, courseId, principal.user.id, EDITORS);
      if (role === "instructor" && input.role !== "ta") {
        throw fail.authorization(
          "course_role_required",
          "Instructors can invite TAs; only the owner invites instructors.",
        );
      }
      const open = await db("course_invitations")
        .where({ course_id: courseId, accepted_at: null })
        .where("expires_at", ">", now())
        .count({ n: "*" })
        .first();
      if (Number(open?.n ?? 0) >= MAX_OPEN_INVITATIONS) {
        throw fail.conflict(
          "invitation_limit_reached",
          `This course has ${MAX_OPEN_INVITATIONS} open invitations; wait for some to be accepted or to expire.`,
        );
      }
      const token = newToken("cgi");
      const at = clock.now();
      const row: InvitationRow = {
        id: randomUUID(),
        course_id: courseId,
        email: input.email,
        role: input.role,
        token_hash: hashToken(token),
        invited_by: principal.user.id,
        created_at: iso(at),
        expires_at: iso(at + INVITATION_TTL_MS),
        accepted_at: null,
        accepted_by: null,
      };
      const url = `${base}/invitations/${token}`;
      await db.transaction(async (trx) => {
        await trx("course_invitations").insert(row);
        if (mail) await mail.send(await invitationMail(trx, principal, courseId, row, url), trx);
      });
      await record("course.invitation_created", principal.user.id, courseId, meta, {
        invitationId: row.id,
        email: input.email,
        role: input.role,
      });
      return {
        id: row.id,
        courseId,
        email: row.email,
        role: row.role,
        url,
        token,
        expiresAt: row.expires_at,
      };
    },

    /** What an invitation offers, for the page that asks to accept it. */
    async preview(token: string) {
      const row = await usable(token);
      const course = await db("courses").where({ id: row.course_id }).first("name");
      return {
        courseName: String(course?.name ?? ""),
        role: row.role,
        email: maskEmail(row.email),
        expiresAt: row.expires_at,
      };
    },

    /**
     * Joins the course with the invited role, once: the link is spent atomically, so two tabs
     * cannot both use it. It is for the address it was sent to.
     */
    async accept(principal: Principal, token: string, meta: RequestMeta): Promise<Course> {
      const row = await usable(token);
      if (row.email.toLowerCase() !== principal.user.email.toLowerCase()) {
        throw fail.authorization(
          "invitation_for_another_address",
          "This invitation was sent to another email address: sign in with that address to accept it.",
        );
      }
      const current = (await db("course_members")
        .where({ course_id: row.course_id, user_id: principal.user.id })
        .first("role")) as { role: CourseRole } | undefined;
      if (current?.role === "owner") {
        throw fail.conflict("already_owner", "You own this course already.");
      }
      const at = now();
      await db.transaction(async (trx) => {
        const spent = await trx("course_invitations")
          .where({ id: row.id, accepted_at: null })
          .update({ accepted_at: at, accepted_by: principal.user.id });
        if (spent !== 1)
          throw gone("invitation_used", "This invitation has been used already; ask for a new one.");
        if (current) {
          await trx("course_members")
            .where({ course_id: row.course_id, user_id: principal.user.id })
            .update({ role: row.role, updated_at: at });
        } else {
          await trx("course_members").insert({
            course_id: row.course_id,
            user_id: principal.user.id,
            role: row.role,
            created_at: at,
            updated_at: at,
          });
        }
      });
      await record("course.invitation_accepted", principal.user.id, row.course_id, meta, {
        invitationId: row.id,
        role: row.role,
        ...(current ? { from: current.role } : {}),
      });
      return courses.get(principal, row.course_id);
    },
  };
}

export type Invitations = ReturnType<typeof createInvitations>;
