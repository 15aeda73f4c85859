export { createDatabase, defaultDatabaseUrl, knexConfigFromUrl, redactUrl } from "./connection.js";
export { deleteUser } from "./delete-user.js";
export {
  type MigrationRun,
  migrateLatest,
  migrateRollbackAll,
  migrationSource,
  pendingMigrations,
} from "./migrate.js";
export type { Migration } from "./migrations/index.js";
export * from "./models/index.js";
