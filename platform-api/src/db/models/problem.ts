import type { RelationMappings } from "objection";
import { BaseModel, type JsonObject, type TimestampColumn } from "./base-model.js";
import { Category } from "./category.js";
import { ProblemTest } from "./problem-test.js";
import { User } from "./user.js";

export class Problem extends BaseModel {
  static override tableName = "problems";
  static override timestamps: readonly TimestampColumn[] = ["created_at", "updated_at"];
  static override jsonAttributes = ["languages", "limits", "judge", "starter", "solutions"];
  static override booleanAttributes = ["published"];

  declare id: string;
  declare slug: string;
  declare title: string;
  /** Markdown. */
  declare statement: string;
  declare difficulty: string;
  /** Language ids. */
  declare languages: string[];
  declare limits: JsonObject;
  declare judge: JsonObject;
  /** Starter code per language id. */
  declare starter: Record<string, string>;
  declare author_id: string | null;
  declare published: boolean;
  /** "public", or "private": its owner and the embeds that list it only. */
  declare visibility: "public" | "private";
  /** Reference solutions per language id: authors only. */
  declare solutions: Record<string, string> | null;
  /** Bumped by every update. */
  declare version: number;
  declare created_at: string;
  declare updated_at: string;

  declare tests?: ProblemTest[];
  declare categories?: Category[];
  declare author?: User | null;

  static override relationMappings = (): RelationMappings => ({
    tests: {
      relation: BaseModel.HasManyRelation,
      modelClass: ProblemTest,
      join: { from: "problems.id", to: "problem_tests.problem_id" },
    },
    categories: {
      relation: BaseModel.ManyToManyRelation,
      modelClass: Category,
      join: {
        from: "problems.id",
        through: { from: "problem_categories.problem_id", to: "problem_categories.category_id" },
        to: "categories.id",
      },
    },
    author: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: User,
      join: { from: "problems.author_id", to: "users.id" },
    },
  });
}
