import type { Server } from "node:http";
import path from "node:path";
import { Redis } from "ioredis";
import pino, { type Logger } from "pino";
import { createApp } from "./app.js";
import type { ApiConfig } from "./config.js";
import { createDatabase, defaultDatabaseUrl, redactUrl } from "./db/connection.js";
import { migrateLatest } from "./db/migrate.js";
import { createKmsFromConfig, createVault } from "./kms/index.js";
import { loadAuditKey } from "./services/audit/audit-key.js";
import { sandboxFromConfig } from "./services/judging/sandbox.js";
import { mailTransportFromConfig } from "./services/mail/transport.js";
import { seedBankOnStart } from "./services/problems/problem-seed.js";
import { systemClock } from "./services/shared/clock.js";
import { createLlmGateway } from "./services/tutor/llm/index.js";

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

/** Opens the database (migrating it), the KMS vault, and serves the API. */
export async function startApi(config: ApiConfig, logger?: Logger): Promise<RunningApi> {
  const log = logger ?? pino({ level: config.logLevel, name: "codeground-api" });
  const databaseUrl = config.databaseUrl ?? defaultDatabaseUrl(config.dataDir);
  const db = createDatabase(databaseUrl);
  await migrateLatest(db);
  const kms = await createKmsFromConfig({ ...config.kms, dataDir: config.dataDir });
  const redis = config.rateLimitRedisUrl
    ? new Redis(config.rateLimitRedisUrl, { lazyConnect: false })
    : undefined;
  const secrets = createVault(kms);
  const sandbox = await sandboxFromConfig(config.sandbox, log);
  const app = createApp({
    db,
    secrets,
    auditKey: await loadAuditKey(db, secrets),
    config,
    logger: log,
    allowPrivateProviderUrls: config.allowPrivateProviderUrls,
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    redis,
    sandbox: sandbox.runner,
    submissions: config.submissions,
    embedSessions: config.embedSessions,
    authCacheTtlMs: config.authCacheTtlMs,
    mail: {
      transport: mailTransportFromConfig(
        { ...config.mail, outboxDir: path.join(config.dataDir, "outbox") },
        log,
      ),
      from: config.mail.from,
    },
    // The tutor's and feedback's way to AI providers, paid with users' own vault keys.
    llm: createLlmGateway({
      db,
      secrets,
      clock: systemClock,
      logger: log,
      allowPrivateProviderUrls: config.allowPrivateProviderUrls,
      // With several instances, a key's circuit breaker is shared through Redis.
      ...(redis ? { redis } : {}),
      timeouts: { firstTokenMs: config.llm.firstTokenTimeoutMs, idleMs: config.llm.idleTimeoutMs },
    }),
  });
  // A log from before anchors existed gets its tail anchored once its chain checks out.
  await app.audit.anchorPending();
  await seedBankOnStart({ db, audit: app.audit, logger: log });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once("error", reject);
  });
  // Completion webhooks, including those still pending from before a restart.
  app.webhooks.start();
  // Scores for LMS gradebooks (LTI grade passback), including those pending from before a restart.
  app.lti.scores.start();
  app.submissions.start();
  // Mail, including messages still queued from before a restart.
  app.mail.start();
  // Expiring keys and tutor budgets, looked at hourly (and once now).
  app.notifications.start();
  const url = `http://${config.host}:${config.port}`;
  log.info(
    {
      url,
      database: redactUrl(databaseUrl),
      kms: kms.provider,
      rateLimits: redis ? "redis" : "memory",
      sandbox: sandbox.kind,
    },
    "platform API listening",
  );
  return {
    url,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.submissions.stop();
      await app.close();
      await app.webhooks.stop();
      await db.destroy();
      await sandbox.close();
      await redis?.quit();
    },
  };
}
