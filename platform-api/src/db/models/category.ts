import { BaseModel } from "./base-model.js";

export class Category extends BaseModel {
  static override tableName = "categories";

  declare id: string;
  declare slug: string;
  declare name: string;
}
