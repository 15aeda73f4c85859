import { BaseModel } from "./base-model.js";

/** One test's outcome within a submission. */
export class SubmissionResult extends BaseModel {
  static override tableName = "submission_results";
  static override booleanAttributes = ["hidden"];

  declare id: string;
  declare submission_id: string;
  declare ordinal: number;
  declare verdict: string;
  declare time_ms: number;
  declare memory_kb: number;
  declare exit_code: number | null;
  declare stdout: string | null;
  declare stderr: string | null;
  /** A hidden test's input and output are never shown to the learner. */
  declare hidden: boolean;
  declare name: string | null;
  declare wall_ms: number | null;
  /** Sample tests only: the input and expected output as judged. */
  declare input: string | null;
  declare expected: string | null;
  declare message: string | null;
}
