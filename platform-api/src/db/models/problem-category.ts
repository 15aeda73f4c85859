import { BaseModel } from "./base-model.js";

export class ProblemCategory extends BaseModel {
  static override tableName = "problem_categories";
  static override idColumn = ["problem_id", "category_id"];
  static override generateId = false;

  declare problem_id: string;
  declare category_id: string;
}
