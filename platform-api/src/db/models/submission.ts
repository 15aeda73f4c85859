import type { RelationMappings } from "objection";
import { BaseModel, type TimestampColumn } from "./base-model.js";
import { Problem } from "./problem.js";
import { SubmissionResult } from "./submission-result.js";

export type SubmissionState = "queued" | "running" | "done";

export class Submission extends BaseModel {
  static override tableName = "submissions";
  static override timestamps: readonly TimestampColumn[] = ["created_at"];

  declare id: string;
  declare problem_id: string;
  declare user_id: string | null;
  declare embed_id: string | null;
  /** The host site's id for an embed learner (the learner token's `sub`). */
  declare learner_ref: string | null;
  declare language: string;
  declare code: string;
  declare state: SubmissionState;
  declare verdict: string | null;
  declare time_ms: number | null;
  declare memory_kb: number | null;
  declare created_at: string;
  declare finished_at: string | null;
  declare problem_version: number | null;
  /** What went wrong, for the learner (internal_error: the sandbox was unavailable, ...). */
  declare message: string | null;
  declare attempts: number;
  declare idempotency_key: string | null;
  declare started_at: string | null;
  /** A worker holds a running submission until then; past it, it is recovered. */
  declare lease_until: string | null;
  declare passed: number | null;
  declare total: number | null;

  declare problem?: Problem;
  declare results?: SubmissionResult[];

  static override relationMappings = (): RelationMappings => ({
    problem: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: Problem,
      join: { from: "submissions.problem_id", to: "problems.id" },
    },
    results: {
      relation: BaseModel.HasManyRelation,
      modelClass: SubmissionResult,
      join: { from: "submissions.id", to: "submission_results.submission_id" },
    },
  });
}
