import { BaseModel } from "./base-model.js";

export class Language extends BaseModel {
  static override tableName = "languages";
  static override generateId = false;
  static override booleanAttributes = ["enabled"];

  /** The sandbox's language id, e.g. `python`. */
  declare id: string;
  declare name: string;
  declare version: string;
  declare enabled: boolean;
}
