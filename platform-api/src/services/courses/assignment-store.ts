import type { Assignment, AssignmentTutor, LatePolicy } from "@codeground/sdk";
import type { Knex } from "knex";
import { fail } from "../../http/errors.js";

/** A row of `assignments` as stored: problems and late policy as JSON text. */
export interface AssignmentRow {
  id: string;
  course_id: string;
  title: string;
  problems: string;
  position: number;
  opens_at: string | null;
  due_at: string | null;
  late_policy: string | null;
  time_limit_minutes: number | null;
  tutor: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

const ASSIGNMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same answer for an assignment that does not exist and one the caller may not see. */
export const assignmentNotFound = () => fail.notFound("assignment_not_found", "No such assignment.");

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const tutorOf = (value: string): AssignmentTutor => (value === "open" || value === "off" ? value : "hints");

/** The wire shape of a stored assignment. */
export function assignmentView(row: AssignmentRow): Assignment {
  const late = parseJson<LatePolicy | null>(row.late_policy, null);
  return {
    id: row.id,
    courseId: row.course_id,
    title: row.title,
    problems: parseJson<{ slug: string; points: number }[]>(row.problems, []).map((p) => ({
      slug: String(p.slug),
      points: Number(p.points),
    })),
    position: Number(row.position),
    opensAt: row.opens_at ?? null,
    dueAt: row.due_at ?? null,
    latePolicy: late
      ? {
          ...(late.acceptUntil ? { acceptUntil: String(late.acceptUntil) } : {}),
          penaltyPerDay: Number(late.penaltyPerDay),
        }
      : null,
    timeLimitMinutes: row.time_limit_minutes === null ? null : Number(row.time_limit_minutes),
    tutor: tutorOf(row.tutor),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** An assignment by id, or undefined (an id that is not one reads nothing). */
export async function readAssignment(db: Knex, id: string): Promise<Assignment | undefined> {
  if (!ASSIGNMENT_ID.test(id)) return undefined;
  const row: AssignmentRow | undefined = await db("assignments").where({ id }).first();
  return row ? assignmentView(row) : undefined;
}

/** The columns of an assignment's changeable fields, from their wire form. */
export function assignmentColumns(a: Omit<Assignment, "id" | "courseId" | "createdAt" | "updatedAt">) {
  return {
    title: a.title,
    problems: JSON.stringify(a.problems.map((p) => ({ slug: p.slug, points: p.points }))),
    position: a.position,
    opens_at: a.opensAt,
    due_at: a.dueAt,
    late_policy: a.latePolicy ? JSON.stringify(a.latePolicy) : null,
    time_limit_minutes: a.timeLimitMinutes,
    tutor: a.tutor,
  };
}
