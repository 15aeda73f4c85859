import os from "node:os";
import path from "node:path";
import type { SandboxRunner } from "@codeground/sandbox";
import { bodyParser } from "@koa/bodyparser";
import type { Redis } from "ioredis";
import type { Knex } from "knex";
import Koa from "koa";
import type { Logger } from "pino";
import { Counter, collectDefaultMetrics, Registry } from "prom-client";
import type { ApiConfig } from "./config.js";
import { identify } from "./http/auth.js";
import { verifyOrigin } from "./http/csrf.js";
import { embedCors } from "./http/embed-cors.js";
import { ApiError, errorHandler } from "./http/errors.js";
import { guardLearners } from "./http/learner-guard.js";
import { problemBodies } from "./http/problem-bodies.js";
import { requestId } from "./http/request-id.js";
import { newRouter } from "./http/router.js";
import { accountDataRoutes } from "./http/routes/account-data.js";
import { adminRoutes } from "./http/routes/admin.js";
import { assignmentRoutes } from "./http/routes/assignments.js";
import { auditRoutes } from "./http/routes/audit.js";
import { authRoutes } from "./http/routes/auth.js";
import { chatRoutes } from "./http/routes/chat.js";
import { courseRoutes } from "./http/routes/courses.js";
import { emailVerificationRoutes } from "./http/routes/email-verification.js";
import { embedFrameRoutes } from "./http/routes/embed-frames.js";
import { embedSessionRoutes } from "./http/routes/embed-sessions.js";
import { embedRoutes } from "./http/routes/embeds.js";
import { executionRoutes } from "./http/routes/executions.js";
import { feedbackRoutes } from "./http/routes/feedback.js";
import { gradebookRoutes } from "./http/routes/gradebook.js";
import { healthRoutes } from "./http/routes/health.js";
import { keyGrantRoutes } from "./http/routes/key-grants.js";
import { keyRoutes } from "./http/routes/keys.js";
import { ltiToolRoutes } from "./http/routes/lti.js";
import { ltiRegistrationRoutes } from "./http/routes/lti-registrations.js";
import { ltiRosterRoutes } from "./http/routes/lti-roster.js";
import { ltiScoreRoutes } from "./http/routes/lti-scores.js";
import { meRoutes } from "./http/routes/me.js";
import { metricsRoutes } from "./http/routes/metrics.js";
import { notificationRoutes } from "./http/routes/notifications.js";
import { openapiRoutes } from "./http/routes/openapi.js";
import { passwordRoutes } from "./http/routes/password.js";
import { portalRoutes } from "./http/routes/portal.js";
import { problemRoutes } from "./http/routes/problems.js";
import { profileRoutes } from "./http/routes/profile.js";
import { submissionRoutes } from "./http/routes/submissions.js";
import { widgetAssetRoutes } from "./http/routes/widget-assets.js";
import { securityHeaders } from "./http/security-headers.js";
import { limitEventStreams } from "./http/stream-limit.js";
import {
  createAccountDeletion,
  createAccountExport,
  createLearnerErasure,
} from "./services/account-data/index.js";
import { createAccounts, type Principal } from "./services/accounts/accounts.js";
import { createEmailVerification } from "./services/accounts/email-verification.js";
import { createPasswordReset } from "./services/accounts/password-reset.js";
import { createPrincipalCache } from "./services/accounts/principal-cache.js";
import { createAdminUsers } from "./services/admin/admin-users.js";
import { createAuditLog } from "./services/audit/audit.js";
import {
  createAssignmentAttempts,
  createAssignmentContext,
  createAssignments,
  createCourseMembers,
  createCourses,
  createGradebook,
  createGradebookLive,
  createInvitations,
} from "./services/courses/index.js";
import { createEmbedLimits } from "./services/embeds/embed-limits.js";
import { createSessionLimits, type SessionLimitSettings } from "./services/embeds/embed-session-limits.js";
import { createEmbedSessions } from "./services/embeds/embed-sessions.js";
import { createEmbeds } from "./services/embeds/embeds.js";
import { createWebhooks } from "./services/embeds/webhooks.js";
import { createExecutionLimit } from "./services/judging/execution-limit.js";
import { createExecutions } from "./services/judging/executions.js";
import { judgingSource } from "./services/judging/judging-source.js";
import { unconfiguredSandbox } from "./services/judging/sandbox.js";
import type { SandboxPool } from "./services/judging/sandbox-pool.js";
import type { QueueSettings } from "./services/judging/submission-queue.js";
import { createSubmissions } from "./services/judging/submissions.js";
import { createAgsTokens } from "./services/lti/ags-tokens.js";
import { createDynamicRegistration } from "./services/lti/dynamic-registration.js";
import {
  createDeepLinking,
  createLaunchOutcomes,
  createLaunchValidator,
  createLtiLogin,
  createPlatformKeys,
  createRegistrations,
  createToolKeys,
} from "./services/lti/index.js";
import { createLtiScores } from "./services/lti/lti-scores.js";
import { createRosterSync } from "./services/lti/roster.js";
import { createMailer } from "./services/mail/mailer.js";
import { type MailTransport, outboxTransport } from "./services/mail/transport.js";
import { createNotifications } from "./services/notifications/index.js";
import { createProblems } from "./services/problems/problems.js";
import { type Clock, systemClock } from "./services/shared/clock.js";
import { createRateLimit, createThrottle } from "./services/shared/throttle.js";
import { createChat } from "./services/tutor/chat.js";
import { createFeedback } from "./services/tutor/feedback.js";
import type { LlmGateway } from "./services/tutor/llm/index.js";
import { createKeyGrants } from "./services/vault/key-grants.js";
import { createKeys } from "./services/vault/keys.js";
import { parsePrivateOrigins } from "./services/vault/private-origins.js";
import type { SecretBox } from "./services/vault/secret-box.js";

export interface AppDeps {
  db: Knex;
  secrets: SecretBox;
  /** The audit chain's HMAC key (`loadAuditKey`). */
  auditKey: Buffer;
  config: Pick<ApiConfig, "publicUrl" | "secureCookies">;
  logger: Logger;
  clock?: Clock;
  /**
   * How many reverse proxies stand in front (`TRUST_PROXY`; 0: none, `X-Forwarded-*` ignored). The
   * client's address is the one the outermost of them saw: the `trustProxy`-th entry of
   * `X-Forwarded-For` counted from the right, so entries a client prepends are never taken.
   */
  trustProxy?: number;
  /** The bearer token `/metrics` asks for (`METRICS_TOKEN`); none: `/metrics` answers 404. */
  metricsToken?: string;
  /**
   * Origins (scheme, host and port) that AI-provider base URLs and webhooks may reach although
   * private (`ALLOW_PRIVATE_PROVIDER_URLS`).
   */
  allowPrivateProviderUrls?: string[];
  /**
   * Brute-force counters shared by every instance, and the channel that tells every instance of
   * a revoked credential; in memory when absent (one instance).
   */
  redis?: Redis;
  /** How long a resolved session or token is trusted without a database read (0: never). */
  authCacheTtlMs?: number;
  /** Runs code: the sandbox service's client, or an in-process sandbox. None: runs answer 503. */
  sandbox?: SandboxRunner;
  /** The judging worker and the execution rate limit (`SUBMISSION_CONCURRENCY`, `EXECUTIONS_PER_MINUTE`). */
  submissions?: { executionsPerMinute?: number } & Partial<QueueSettings>;
  /** The LLM gateway the tutor and feedback call; none: chat replies and feedback answer 503. */
  llm?: LlmGateway;
  /** Tutor messages per minute and user or learner (default 20). */
  chat?: { messagesPerMinute?: number };
  /**
   * Learner sessions started per 10 minutes from one client address and for one embed
   * (`EMBED_SESSIONS_PER_ADDRESS`, `EMBED_SESSIONS_PER_EMBED`; 300 and 3000).
   */
  embedSessions?: Partial<SessionLimitSettings>;
  /** Event streams (submission events, tutor replies) one user or learner may hold open (5). */
  eventStreamsPerActor?: number;
  /**
   * How mail leaves (`mailTransportFromConfig`) and its sender. None: `.eml` files in a folder of
   * the system's temporary directory.
   */
  mail?: { transport: MailTransport; from: string };
}

/** The composition root: real parts in, a Koa app out. Each concern is its own middleware or router. */
export function createApp({
  db,
  secrets,
  auditKey,
  config,
  logger,
  clock = systemClock,
  trustProxy = 0,
  metricsToken,
  allowPrivateProviderUrls = [],
  redis,
  authCacheTtlMs = 5000,
  sandbox = unconfiguredSandbox,
  submissions: submissionSettings = {},
  llm,
  chat: chatSettings = {},
  embedSessions: sessionLimitSettings = {},
  eventStreamsPerActor,
  mail: mailSettings,
}: AppDeps) {
  const audit = createAuditLog(db, clock, auditKey);
  /** Mail, queued in the database; `mail.start()` runs the sending worker. */
  const mail = createMailer({
    db,
    secrets,
    clock,
    logger,
    transport:
      mailSettings?.transport ?? outboxTransport(path.join(os.tmpdir(), `codeground-outbox-${process.pid}`)),
    from: mailSettings?.from ?? "Codeground <no-reply@codeground.invalid>",
  });
  /** Notification mail, each kind with its switch; `notifications.start()` runs the hourly scan. */
  const notifications = createNotifications({ db, clock, logger, audit, mail, publicUrl: config.publicUrl });
  const principals = createPrincipalCache<Principal>({
    clock,
    ttlMs: authCacheTtlMs,
    redis,
    logger,
    userOf: (p) => p.user.id,
  });
  const emailVerification = createEmailVerification({
    db,
    audit,
    clock,
    mail,
    publicUrl: config.publicUrl,
    forgetUser: principals.forgetUser,
  });
  const accounts = createAccounts({
    db,
    secrets,
    audit,
    clock,
    principals,
    emailLinks: emailVerification,
    notices: notifications.accountNotices,
  });
  const adminUsers = createAdminUsers({ db, audit, clock, forgetUser: principals.forgetUser });
  const keys = createKeys({
    db,
    secrets,
    audit,
    clock,
    allowPrivateProviderUrls,
    listCache: { ttlMs: authCacheTtlMs, redis, logger },
  });
  const courses = createCourses({ db, audit, clock });
  const courseMembers = createCourseMembers({ db, audit, clock });
  const invitations = createInvitations({ db, audit, clock, courses, mail, publicUrl: config.publicUrl });
  const passwordReset = createPasswordReset({
    db,
    audit,
    clock,
    logger,
    mail,
    publicUrl: config.publicUrl,
    consumeSecondFactor: accounts.consumeSecondFactor,
    forgetUser: principals.forgetUser,
  });
  const attempts = createAssignmentAttempts({ db, clock });
  const assignments = createAssignments({ db, audit, clock, attempts });
  // What judging, the tutor and learner sessions ask of assignments while a learner works.
  const assignmentContext = createAssignmentContext({ db, clock, attempts });
  const embeds = createEmbeds({
    db,
    secrets,
    audit,
    clock,
    allowPrivateUrls: allowPrivateProviderUrls,
    // http://localhost origins only while developing (a plain-http loopback PUBLIC_URL).
    allowLoopbackOrigins: !config.secureCookies,
    personalCourseOf: courses.personalCourseOf,
  });
  const ownOrigin = new URL(config.publicUrl).origin;
  const sessionLimits = createSessionLimits({ ...sessionLimitSettings, redis });
  const sessions = createEmbedSessions({
    db,
    embeds,
    audit,
    clock,
    ownOrigin,
    limits: sessionLimits,
    assignments: assignmentContext,
  });
  // Hourly ceilings per embed, across all its learners: new learner sessions do not reset them.
  const embedLimits = createEmbedLimits({ audit, redis });
  const keyGrants = createKeyGrants({ accounts, embeds, audit, ownOrigin });
  const webhooks = createWebhooks({ db, embeds, clock, logger, allowPrivateUrls: allowPrivateProviderUrls });
  const problems = createProblems({ db, audit, clock });
  const { executionsPerMinute = 30, ...queue } = submissionSettings;
  const executionLimit = createExecutionLimit({ perMinute: executionsPerMinute, redis, embedLimits });
  const judging = judgingSource(db, problems);
  /** Judged submissions; `submissions.start()` runs the worker, `submissions.events` tells of verdicts. */
  const submissions = createSubmissions({
    db,
    clock,
    logger,
    sandbox,
    problems: judging,
    limit: executionLimit,
    queue,
    assignments: assignmentContext,
  });
  const executions = createExecutions({ sandbox, problems: judging, limit: executionLimit, logger });
  // An accepted submission made through an embed becomes a completion webhook for the course site.
  submissions.events.on("finished", (submission, owner) => {
    if (!owner.embedId || submission.verdict !== "accepted") return;
    webhooks.onSubmissionFinished(submission).catch((err) => {
      logger.error({ err, submissionId: submission.id }, "could not enqueue the completion webhook");
    });
  });
  // A submission made for an assignment changes its course's gradebook: live to staff, webhooks to the site.
  const gradebook = createGradebook({ db });
  const gradebookLive = createGradebookLive({ db, gradebook, webhooks, logger, redis });
  submissions.events.on("finished", (submission) => gradebookLive.onSubmissionFinished(submission.id));
  // LTI 1.3: the tool's keys, platforms registered by hand, login initiation and launches.
  const privateOrigins = parsePrivateOrigins(allowPrivateProviderUrls);
  const ltiToolKeys = createToolKeys({ db, secrets, clock });
  // Grade passback: a learner's judged submission becomes a score posted to the LMS's line item.
  const ltiScores = createLtiScores({
    db,
    clock,
    logger,
    gradebook,
    toolKeys: ltiToolKeys,
    policy: { allowPrivateOrigins: privateOrigins },
  });
  submissions.events.on("finished", (submission) => ltiScores.onSubmissionFinished(submission.id));
  const ltiRegistrations = createRegistrations({
    db,
    audit,
    clock,
    publicUrl: config.publicUrl,
    allowPrivateOrigins: privateOrigins,
  });
  const ltiLaunches = createLaunchValidator({
    db,
    clock,
    registrations: ltiRegistrations,
    platformKeys: createPlatformKeys({ allowPrivateOrigins: privateOrigins }),
    publicUrl: config.publicUrl,
  });
  // Dynamic Registration and the roster (NRPS) reach the platform under the JWKS's address rules.
  const ltiDynamicRegistration = createDynamicRegistration({
    registrations: ltiRegistrations,
    audit,
    publicUrl: config.publicUrl,
    http: { allowPrivateOrigins: privateOrigins },
    limit: createRateLimit({
      name: "lti-register",
      durationSeconds: 600,
      message:
        "Too many LTI registration attempts from here. Wait for the time in Retry-After, then start again from the LMS.",
      ...(redis ? { redis } : {}),
    }),
  });
  const ltiRoster = createRosterSync({
    db,
    clock,
    audit,
    courses,
    registrations: ltiRegistrations,
    tokens: createAgsTokens({
      toolKeys: ltiToolKeys,
      clock,
      policy: { allowPrivateOrigins: privateOrigins },
    }),
    http: { allowPrivateOrigins: privateOrigins },
  });
  const ltiTool = ltiToolRoutes({
    toolKeys: ltiToolKeys,
    login: createLtiLogin({ db, clock, registrations: ltiRegistrations, publicUrl: config.publicUrl }),
    launches: ltiLaunches,
    outcomes: createLaunchOutcomes({
      db,
      clock,
      courses,
      embeds,
      sessions,
      ownOrigin,
      scoreLinks: ltiScores.links,
    }),
    deepLinking: createDeepLinking({
      db,
      clock,
      toolKeys: ltiToolKeys,
      registrations: ltiRegistrations,
      publicUrl: config.publicUrl,
    }),
    audit,
    publicUrl: config.publicUrl,
    dynamicRegistration: ltiDynamicRegistration,
  });
  const tutorLimit = createRateLimit({
    name: "chat",
    durationSeconds: 60,
    message: "You are asking the tutor too often. Wait for the time in Retry-After, then try again.",
    ...(redis ? { redis } : {}),
  });
  const chat = createChat({
    db,
    clock,
    logger,
    llm,
    problems,
    submissions,
    limit: tutorLimit,
    embedLimits,
    assignmentTutor: assignmentContext.tutorFor,
    ...(chatSettings.messagesPerMinute ? { messagesPerMinute: chatSettings.messagesPerMinute } : {}),
  });
  const feedback = createFeedback({ db, clock, logger, llm, problems, submissions, limit: tutorLimit });
  const window = { durationSeconds: 15 * 60, blockSeconds: 60, redis };
  const accountThrottle = createThrottle({ name: "account", points: 10, ...window });
  const ipThrottle = createThrottle({ name: "ip", points: 100, ...window });
  const mfaThrottle = createThrottle({ name: "mfa", points: 5, ...window });

  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "codeground_api_" });
  const requests = new Counter({
    name: "codeground_api_requests_total",
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  // Several sandbox nodes (SANDBOX_URLS): their figures per node.
  (sandbox as Partial<Pick<SandboxPool, "registerMetrics">>).registerMetrics?.(registry);

  const app = new Koa();
  app.proxy = trustProxy > 0;
  app.maxIpsCount = trustProxy;
  // Errors after a response has started, such as a client leaving an event stream: logged, not printed.
  app.on("error", (err: { code?: string }, ctx?: Koa.Context) => {
    const requestId = ctx?.state.requestId;
    if (err?.code === "ERR_STREAM_PREMATURE_CLOSE") {
      logger.debug({ requestId }, "the client closed the response before it ended");
      return;
    }
    logger.error({ err, requestId }, "response failed");
  });

  const api = newRouter("/api/v1");
  for (const r of [
    authRoutes({
      accounts,
      accountThrottle,
      ipThrottle,
      mfaThrottle,
      signupLimit: createRateLimit({
        name: "signup",
        durationSeconds: 3600,
        message: "Too many sign-ups from here or for this address. Wait for the time in Retry-After.",
        ...(redis ? { redis } : {}),
      }),
      audit,
      secureCookies: config.secureCookies,
      browsers: notifications.browsers,
    }),
    meRoutes({ accounts, passwordThrottle: accountThrottle }),
    accountDataRoutes({
      exports: createAccountExport({ db, mail, audit, clock }),
      deletion: createAccountDeletion({
        db,
        accounts,
        audit,
        mail,
        secrets,
        clock,
        forgetUser: principals.forgetUser,
      }),
      erasure: createLearnerErasure({ db, audit }),
      passwordThrottle: accountThrottle,
      secureCookies: config.secureCookies,
    }),
    notificationRoutes({ notifications }),
    profileRoutes({ db, audit, clock, forgetUser: principals.forgetUser }),
    passwordRoutes({
      passwordReset,
      limit: createRateLimit({
        name: "password-reset",
        durationSeconds: 3600,
        message:
          "Too many password reset requests from here or for this address. Wait for the time in Retry-After.",
        ...(redis ? { redis } : {}),
      }),
    }),
    emailVerificationRoutes({
      verification: emailVerification,
      mailLimit: createRateLimit({
        name: "email-verification",
        durationSeconds: 3600,
        message: "Too many verification mails for this account. Wait for the time in Retry-After.",
        ...(redis ? { redis } : {}),
      }),
      passwordThrottle: accountThrottle,
    }),
    auditRoutes({ db, audit }),
    adminRoutes({ users: adminUsers }),
    openapiRoutes({ publicUrl: config.publicUrl }),
    keyRoutes({ keys }),
    embedRoutes({ embeds }),
    courseRoutes({ courses, members: courseMembers, invitations, embeds }),
    ltiRegistrationRoutes({ registrations: ltiRegistrations, dynamicRegistration: ltiDynamicRegistration }),
    ltiRosterRoutes({ roster: ltiRoster }),
    ltiScoreRoutes({ courses, scores: ltiScores }),
    assignmentRoutes({ assignments, attempts }),
    gradebookRoutes({ courses, gradebook, live: gradebookLive }),
    embedSessionRoutes({ sessions }),
    keyGrantRoutes({ keyGrants }),
    problemRoutes({ problems }),
    submissionRoutes({ submissions }),
    executionRoutes({ executions }),
    chatRoutes({ chat }),
    feedbackRoutes({ feedback }),
  ]) {
    api.use(r.routes(), r.allowedMethods({ throw: false }));
  }
  const health = healthRoutes({ db, sandbox });
  const metrics = metricsRoutes({ registry, token: metricsToken });
  const frames = embedFrameRoutes({ embeds });

  app.use(requestId());
  app.use(async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? "unmatched";
      requests.inc({ method: ctx.method, route, status: String(ctx.status) });
      logger.info(
        {
          requestId: ctx.state.requestId,
          method: ctx.method,
          route,
          status: ctx.status,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        "request",
      );
    }
  });
  app.use(errorHandler(logger));
  app.use(securityHeaders());
  // Before user credentials are looked at: the scraper's token is its own, not a session's.
  app.use(metrics.routes());
  app.use(
    embedCors({
      originsOf: embeds.allowedOriginsOf,
      anyAllows: embeds.anyAllows,
    }),
  );
  // LTI's browser endpoints answer platforms' form posts with HTML pages; no Codeground
  // credential is involved, so they come before credentials and the JSON body rules.
  app.use(ltiTool.routes());
  // Who is asking comes before any body is read: a bad token is refused without parsing one, and
  // only a signed-in caller gets the problem routes' larger limit.
  app.use(identify(accounts, sessions));
  // Problem documents: larger bodies, and YAML for import; parsed here, so the checks below pass them.
  app.use(problemBodies());
  app.use(async (ctx, next) => {
    if (
      ["POST", "PUT", "PATCH"].includes(ctx.method) &&
      ctx.request.length &&
      ctx.request.body === undefined &&
      !ctx.is("application/json")
    ) {
      throw new ApiError(
        415,
        "validation",
        "unsupported_media_type",
        "Send the request body as application/json.",
      );
    }
    await next();
  });
  app.use(
    bodyParser({
      enableTypes: ["json"],
      jsonLimit: "1mb",
      onError(err) {
        if ((err as { status?: number }).status === 413) {
          throw new ApiError(413, "validation", "body_too_large", "The request body is larger than 1 MB.");
        }
        throw new ApiError(400, "validation", "malformed_json", "The request body is not valid JSON.");
      },
    }),
  );
  app.use(guardLearners(config.publicUrl));
  app.use(verifyOrigin(config.publicUrl));
  app.use(limitEventStreams(eventStreamsPerActor ? { perActor: eventStreamsPerActor } : {}));
  app.use(health.routes());
  app.use(api.routes());
  app.use(frames.routes());
  app.use(widgetAssetRoutes().routes());
  app.use(portalRoutes().routes());

  /** Every API route, for the OpenAPI document's completeness check and the route fuzzer. */
  const routes = api.stack.map((layer) => ({
    path: layer.path,
    methods: layer.methods.filter((m) => m !== "HEAD"),
  }));
  return Object.assign(app, {
    accounts,
    problems,
    audit,
    registry,
    routes,
    submissions,
    embeds,
    /** LTI 1.3: the tool's signing keys, registrations, and launch validation (`check`). */
    lti: {
      toolKeys: ltiToolKeys,
      registrations: ltiRegistrations,
      launches: ltiLaunches,
      /** Grade passback; `scores.start()` runs the delivery worker. */
      scores: ltiScores,
    },
    /** Completion webhooks; `webhooks.start()` runs the delivery worker. */
    webhooks,
    /** Mail; `mail.start()` runs the sending worker. */
    mail,
    /** Notification switches and mail; `notifications.start()` runs the hourly scan (`scanOnce()`). */
    notifications,
    /** "Forgot password"; `passwordReset.settled()` waits for the links being sent. */
    passwordReset,
    /** Stops background work (the revocation subscriber); the database stays open. */
    close: async () => {
      await submissions.stop();
      await principals.close();
      await keys.close();
      await gradebookLive.close();
      await ltiScores.stop();
      await passwordReset.settled();
      await notifications.stop();
      await mail.stop();
    },
  });
}
