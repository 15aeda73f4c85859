import type { Pojo, RelationMappings } from "objection";
import { ApiKey } from "./api-key.js";
import { BaseModel, type TimestampColumn } from "./base-model.js";
import { PersonalAccessToken } from "./personal-access-token.js";
import { RecoveryCode } from "./recovery-code.js";
import { Session } from "./session.js";
import { UserPreference } from "./user-preference.js";

export type Role = "learner" | "author" | "admin";

export class User extends BaseModel {
  static override tableName = "users";
  static override timestamps: readonly TimestampColumn[] = ["created_at", "updated_at"];

  declare id: string;
  declare email: string;
  declare password_hash: string;
  declare role: Role;
  declare display_name: string | null;
  /** An encrypted envelope (JSON text), never the plaintext secret. */
  declare totp_secret: string | null;
  declare totp_enabled_at: string | null;
  declare totp_last_step: number | null;
  declare failed_logins: number;
  declare locked_until: string | null;
  /** Second-factor tries used since the last accepted code (see second-factor-attempts). */
  declare mfa_failures: number;
  declare mfa_block_strikes: number;
  declare mfa_blocked_until: string | null;
  /** When an admin disabled the account; null while it may sign in. */
  declare disabled_at: string | null;
  /** When the address was verified (a link sent to it was followed); null until then. */
  declare email_verified_at: string | null;
  /** The interface language the account's mail speaks (a BCP 47 tag); null: English. */
  declare locale: string | null;
  declare created_at: string;
  declare updated_at: string;

  declare sessions?: Session[];
  declare personalAccessTokens?: PersonalAccessToken[];
  declare apiKeys?: ApiKey[];
  declare recoveryCodes?: RecoveryCode[];
  declare preferences?: UserPreference | null;

  static override relationMappings = (): RelationMappings => ({
    sessions: {
      relation: BaseModel.HasManyRelation,
      modelClass: Session,
      join: { from: "users.id", to: "sessions.user_id" },
    },
    personalAccessTokens: {
      relation: BaseModel.HasManyRelation,
      modelClass: PersonalAccessToken,
      join: { from: "users.id", to: "personal_access_tokens.user_id" },
    },
    apiKeys: {
      relation: BaseModel.HasManyRelation,
      modelClass: ApiKey,
      join: { from: "users.id", to: "api_keys.user_id" },
    },
    recoveryCodes: {
      relation: BaseModel.HasManyRelation,
      modelClass: RecoveryCode,
      join: { from: "users.id", to: "recovery_codes.user_id" },
    },
    preferences: {
      relation: BaseModel.HasOneRelation,
      modelClass: UserPreference,
      join: { from: "users.id", to: "user_preferences.user_id" },
    },
  });

  override $formatDatabaseJson(json: Pojo): Pojo {
    const formatted = super.$formatDatabaseJson(json);
    // One spelling per address, whoever writes it, so the unique index ignores case everywhere.
    if (typeof formatted.email === "string") formatted.email = formatted.email.toLowerCase();
    return formatted;
  }

  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    // bigint: PostgreSQL and SQL Server hand it over as a string; a time step fits a double.
    if (parsed.totp_last_step != null) parsed.totp_last_step = Number(parsed.totp_last_step);
    return parsed;
  }
}
