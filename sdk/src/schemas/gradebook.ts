import { z } from "zod";
import { Verdict } from "./submissions.js";

/** An assignment as the gradebook shows it: its problems, points and due time. */
export const GradebookAssignment = z.object({
  id: z.string(),
  title: z.string(),
  dueAt: z.string().nullable(),
  problems: z.array(z.object({ slug: z.string(), points: z.number() })),
  totalPoints: z.number(),
});
export type GradebookAssignment = z.infer<typeof GradebookAssignment>;

/**
 * A learner of the course: a portal user who joined (`user:<id>`), or an embed learner by the ref
 * their course site gave (`sub:<sub>`) or their browser's (`anon:…`).
 */
export const GradebookLearner = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(["user", "embed"]),
  /** Points over every assignment, after late penalties. */
  total: z.number(),
});
export type GradebookLearner = z.infer<typeof GradebookLearner>;

/** One learner on one problem of one assignment; cells nobody attempted are left out. */
export const GradebookCell = z.object({
  learnerId: z.string(),
  assignmentId: z.string(),
  problem: z.string(),
  bestVerdict: Verdict.nullable(),
  /** Points after the late penalty of the first accepted submission; 0 until one is accepted. */
  score: z.number(),
  attempts: z.number().int(),
  firstSolvedAt: z.string().nullable(),
  /** The first accepted submission came after the due time (or, unsolved, the last one did). */
  late: z.boolean(),
});
export type GradebookCell = z.infer<typeof GradebookCell>;

export const Gradebook = z.object({
  assignments: z.array(GradebookAssignment),
  learners: z.array(GradebookLearner),
  cells: z.array(GradebookCell),
});
export type Gradebook = z.infer<typeof Gradebook>;

export const GradebookQuery = z
  .object({
    /** Only this assignment's columns and cells. */
    assignment: z.string().max(64).optional(),
    /** Learners whose name or id contains this (case ignored). */
    q: z.string().trim().max(200).optional(),
  })
  .strict();
export type GradebookQuery = z.input<typeof GradebookQuery>;

/** How the class did on one problem of one assignment. */
export const ProblemStatistics = z.object({
  assignmentId: z.string(),
  problem: z.string(),
  learnersAttempted: z.number().int(),
  learnersSolved: z.number().int(),
  /** Solved over attempted, 0–1; 0 when nobody attempted. */
  solveRate: z.number(),
  /** Submissions until the first accepted one (or all of them, unsolved), the median over learners. */
  medianAttempts: z.number().nullable(),
  /** The hidden test that fails most often: its position, and in how many submissions it failed. */
  hardestHiddenTest: z
    .object({ ordinal: z.number().int(), name: z.string().nullable(), failures: z.number().int() })
    .nullable(),
});
export type ProblemStatistics = z.infer<typeof ProblemStatistics>;
export const GradebookStatistics = z.array(ProblemStatistics);

/** A course learner's submission as staff open it: the code and every test's verdict. */
export const LearnerSubmission = z.object({
  id: z.string(),
  assignmentId: z.string().nullable(),
  problem: z.string(),
  language: z.string(),
  code: z.string(),
  state: z.string(),
  verdict: Verdict.nullable(),
  createdAt: z.string(),
  late: z.boolean(),
  tests: z.array(
    z.object({
      ordinal: z.number().int(),
      name: z.string().nullable(),
      hidden: z.boolean(),
      verdict: Verdict,
      timeMs: z.number(),
    }),
  ),
});
export type LearnerSubmission = z.infer<typeof LearnerSubmission>;
export const LearnerSubmissionList = z.array(LearnerSubmission);

/** Webhook `grade.updated`: a learner's cell changed after a judged submission. */
export const GradeUpdatedEvent = z.object({
  id: z.string(),
  type: z.literal("grade.updated"),
  createdAt: z.string(),
  data: GradebookCell.extend({ courseId: z.string(), embedId: z.string(), submissionId: z.string() }),
});
export type GradeUpdatedEvent = z.infer<typeof GradeUpdatedEvent>;

/** Webhook `assignment.completed`: a learner has solved every problem of an assignment. */
export const AssignmentCompletedEvent = z.object({
  id: z.string(),
  type: z.literal("assignment.completed"),
  createdAt: z.string(),
  data: z.object({
    courseId: z.string(),
    embedId: z.string(),
    assignmentId: z.string(),
    learnerId: z.string(),
    score: z.number(),
    totalPoints: z.number(),
    late: z.boolean(),
    completedAt: z.string(),
  }),
});
export type AssignmentCompletedEvent = z.infer<typeof AssignmentCompletedEvent>;
