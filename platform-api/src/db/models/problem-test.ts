import { BaseModel, type JsonValue } from "./base-model.js";

export class ProblemTest extends BaseModel {
  static override tableName = "problem_tests";
  static override jsonAttributes = ["args"];
  static override booleanAttributes = ["sample"];

  declare id: string;
  declare problem_id: string;
  declare ordinal: number;
  /** stdin (stdio mode); empty in function mode. */
  declare input: string;
  declare expected: string;
  /** The function's arguments (function mode). */
  declare args: JsonValue[] | null;
  /** Sample tests are shown to learners; the others are hidden. */
  declare sample: boolean;
  declare name: string | null;
}
