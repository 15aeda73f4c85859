import { z } from "zod";
import { Slug } from "./problems.js";

/** How far the AI tutor goes while an assignment is worked on: as the embed allows, hints only, or not at all. */
export const AssignmentTutor = z.enum(["open", "hints", "off"]);
export type AssignmentTutor = z.infer<typeof AssignmentTutor>;

/** An assignment's id, where a request names one (`assignmentId`, `assignment`). */
export const AssignmentId = z
  .string()
  .regex(
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    "use an assignment's id",
  );

/** A time with a time zone (`2027-01-31T09:00:00Z`), stored and answered in UTC. */
export const AssignmentTime = z.iso
  .datetime({ offset: true, message: "use an ISO 8601 date and time, e.g. 2027-01-31T09:00:00Z" })
  .transform((value) => new Date(value).toISOString());

/** Most problems one assignment holds. */
export const MAX_ASSIGNMENT_PROBLEMS = 50;

export const AssignmentProblem = z
  .object({
    slug: Slug,
    points: z
      .number()
      .int("points are a whole number")
      .min(0, "points are 0 or more")
      .max(1000, "a problem is worth at most 1000 points"),
  })
  .strict();
export type AssignmentProblem = z.infer<typeof AssignmentProblem>;

const AssignmentProblems = z
  .array(AssignmentProblem)
  .min(1, "an assignment has at least one problem")
  .max(MAX_ASSIGNMENT_PROBLEMS, `an assignment has at most ${MAX_ASSIGNMENT_PROBLEMS} problems`)
  .superRefine((problems, ctx) => {
    const seen = new Set<string>();
    problems.forEach((p, i) => {
      if (seen.has(p.slug)) {
        ctx.addIssue({ code: "custom", path: [i, "slug"], message: `${p.slug} is in the list twice` });
      }
      seen.add(p.slug);
    });
  });

/**
 * What happens after the due time: submissions are accepted until `acceptUntil` (forever without
 * it), each losing `penaltyPerDay` percent of its points per started day late. No policy (null):
 * nothing is accepted after the due time.
 */
export const LatePolicy = z
  .object({
    acceptUntil: AssignmentTime.optional(),
    penaltyPerDay: z
      .number()
      .min(0, "the penalty is a percentage from 0 to 100")
      .max(100, "the penalty is a percentage from 0 to 100"),
  })
  .strict();
export type LatePolicy = z.infer<typeof LatePolicy>;

const AssignmentTitle = z
  .string()
  .trim()
  .min(1, "give the assignment a title")
  .max(200, "use at most 200 characters");

/** Minutes one timed attempt lasts: from a minute to a day. */
const TimeLimitMinutes = z
  .number()
  .int("a time limit is a whole number of minutes")
  .min(1, "a time limit is at least 1 minute")
  .max(1440, "a time limit is at most 1440 minutes (a day)");

/** Its place in the course's list, smallest first. */
const Position = z.number().int().min(0).max(100_000);

/** The times of an assignment, as a whole, for the checks that relate them. */
export interface AssignmentTimes {
  opensAt?: string | null | undefined;
  dueAt?: string | null | undefined;
  latePolicy?: LatePolicy | null | undefined;
}

/**
 * What is wrong with an assignment's times taken together: the due time after the opening, a late
 * policy only with a due time, and its `acceptUntil` after the due time. Empty when nothing is.
 * `partial` (a change): a field left out is not known, so only the fields given are related.
 */
export function assignmentTimeIssues(
  times: AssignmentTimes,
  { partial = false }: { partial?: boolean } = {},
): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  const { opensAt, dueAt, latePolicy } = times;
  if (opensAt && dueAt && dueAt <= opensAt) {
    issues.push({ path: ["dueAt"], message: "the due time must come after the opening time" });
  }
  if (latePolicy && (partial ? dueAt === null : !dueAt)) {
    issues.push({ path: ["latePolicy"], message: "a late policy needs a due time" });
  }
  if (latePolicy?.acceptUntil && dueAt && latePolicy.acceptUntil <= dueAt) {
    issues.push({
      path: ["latePolicy", "acceptUntil"],
      message: "late work is accepted until a time after the due time",
    });
  }
  return issues;
}

const checkTimes =
  (partial: boolean) =>
  (value: AssignmentTimes, ctx: z.RefinementCtx): void => {
    for (const issue of assignmentTimeIssues(value, { partial })) ctx.addIssue({ code: "custom", ...issue });
  };

/** An assignment: an ordered list of a course's problems with points, its times and rules. */
export const Assignment = z.object({
  id: z.string(),
  courseId: z.string(),
  title: z.string(),
  problems: z.array(z.object({ slug: z.string(), points: z.number() })),
  position: z.number().int(),
  opensAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  latePolicy: z.object({ acceptUntil: z.string().optional(), penaltyPerDay: z.number() }).nullable(),
  /** Minutes per attempt; null when the assignment is not timed. */
  timeLimitMinutes: z.number().int().nullable(),
  tutor: AssignmentTutor,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Assignment = z.infer<typeof Assignment>;

/**
 * `POST /courses/:id/assignments`. The tutor is `off` by default for a timed assignment, `hints`
 * otherwise.
 */
export const CreateAssignmentRequest = z
  .object({
    title: AssignmentTitle,
    problems: AssignmentProblems,
    opensAt: AssignmentTime.optional(),
    dueAt: AssignmentTime.optional(),
    latePolicy: LatePolicy.optional(),
    timeLimitMinutes: TimeLimitMinutes.optional(),
    tutor: AssignmentTutor.optional(),
  })
  .strict()
  .superRefine(checkTimes(false));
export type CreateAssignmentRequest = z.input<typeof CreateAssignmentRequest>;

/** `PATCH /assignments/:id`: the fields to change; null clears a time, the late policy or the time limit. */
export const UpdateAssignmentRequest = z
  .object({
    title: AssignmentTitle.optional(),
    problems: AssignmentProblems.optional(),
    position: Position.optional(),
    opensAt: AssignmentTime.nullable().optional(),
    dueAt: AssignmentTime.nullable().optional(),
    latePolicy: LatePolicy.nullable().optional(),
    timeLimitMinutes: TimeLimitMinutes.nullable().optional(),
    tutor: AssignmentTutor.optional(),
  })
  .strict()
  .superRefine(checkTimes(true));
export type UpdateAssignmentRequest = z.input<typeof UpdateAssignmentRequest>;

/** A learner's timed attempt: one per learner and assignment, its clock started once. */
export const AssignmentAttempt = z.object({
  assignmentId: z.string(),
  startedAt: z.string(),
  /** When submissions stop being accepted: the time limit after the start, or the assignment's close if sooner. */
  endsAt: z.string(),
  /** Seconds until `endsAt`; 0 once it is over. */
  timeLeftSeconds: z.number().int().nonnegative(),
});
export type AssignmentAttempt = z.infer<typeof AssignmentAttempt>;

/**
 * Where the caller stands with an assignment now:
 * - `not_open`: it opens later (`opensAt`);
 * - `not_started`: timed, and their attempt is not started yet;
 * - `open`: submissions are accepted on time (within their attempt, when timed);
 * - `late`: past the due time, and the late policy still accepts submissions, marked late;
 * - `attempt_over`: their timed attempt has ended;
 * - `closed`: past the due time (or the late policy's `acceptUntil`): nothing is accepted.
 */
export const AssignmentStatus = z.enum(["not_open", "not_started", "open", "late", "attempt_over", "closed"]);
export type AssignmentStatus = z.infer<typeof AssignmentStatus>;

/**
 * An assignment as the caller sees it, with where they stand: their attempt, the time left and
 * whether a submission now would be late. Before it opens, a learner sees its times, not its problems.
 */
export const LearnerAssignment = Assignment.extend({
  status: AssignmentStatus,
  /** The caller's timed attempt, once started. */
  attempt: AssignmentAttempt.nullable(),
  /** Seconds to submit in: until the attempt ends when one runs, else until the due time; null when neither bounds it. */
  timeLeftSeconds: z.number().int().nonnegative().nullable(),
  /** The due time has passed: a submission now is late (when the late policy still accepts one). */
  late: z.boolean(),
});
export type LearnerAssignment = z.infer<typeof LearnerAssignment>;
export const LearnerAssignmentList = z.array(LearnerAssignment);
