export { createSandboxClient, type SandboxClientOptions } from "./client.js";
export {
  defaultConfig,
  type LimitSet,
  type SandboxConfig,
  type ServiceSettings,
  settingsFromEnv,
} from "./config.js";
export { EngineUnavailableError, OverloadedError, SandboxError, ValidationError } from "./errors.js";
export {
  buildFunctionRun,
  DEFAULT_TOLERANCE,
  defaultStarter,
  type FunctionRunOptions,
  type FunctionTest,
  supportsFunctionMode,
} from "./harness/build.js";
export { canonicalJson } from "./harness/canonical.js";
export { valueFits } from "./harness/values.js";
export { type AppOptions, createApp } from "./http/app.js";
export { NDJSON, RunStreamLine } from "./http/stream.js";
export { debianSuite, ensureBaseImage, imageTag } from "./images.js";
export { loadManifests, type Manifest } from "./languages/manifest.js";
export { outputMatches } from "./runner/compare.js";
export {
  createSandbox,
  type Readiness,
  type RunOptions,
  type Sandbox,
  type SandboxOptions,
  type SandboxRunner,
} from "./runner/sandbox.js";
export {
  formatSqlTable,
  type ParsedSqlTable,
  parseSqlTable,
  SQL_REAL_TOLERANCE,
  type SqlCell,
  type SqlTable,
  sqlTablesMatch,
} from "./runner/sql-table.js";
export * from "./schemas.js";
export { readSecretFiles } from "./secret-files.js";
export { type RunningService, startSandboxService } from "./serve.js";
