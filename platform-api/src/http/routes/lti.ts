import { bodyParser } from "@koa/bodyparser";
import type Router from "@koa/router";
import type { Context } from "koa";
import type { AuditLog } from "../../services/audit/audit.js";
import type { DynamicRegistration } from "../../services/lti/dynamic-registration.js";
import {
  CORRECTABLE_REASONS,
  type DeepLinking,
  type DeepLinkingAnswer,
  type LaunchOutcome,
  type LaunchOutcomes,
  type LaunchValidator,
  LOGIN_STATE_TTL_MS,
  type LtiLogin,
  LtiRefusal,
  readDeepLinkingRequest,
  stateCookieName,
  type ToolKeys,
} from "../../services/lti/index.js";
import { metaOf } from "../auth.js";
import { ApiError } from "../errors.js";
import {
  DEEP_LINKING_SCRIPT,
  previousOf,
  renderDeepLinkingPicker,
  renderDeepLinkingReturn,
} from "../lti-deep-linking-page.js";
import { html, LTI_STORAGE_SCRIPT, renderLtiExercise, renderLtiPage } from "../lti-pages.js";
import { LTI_REGISTER_SCRIPT, renderRegisterPage } from "../lti-register-page.js";
import { newRouter } from "../router.js";

export interface LtiRouteDeps {
  toolKeys: ToolKeys;
  login: LtiLogin;
  launches: LaunchValidator;
  outcomes: LaunchOutcomes;
  deepLinking: DeepLinking;
  audit: AuditLog;
  publicUrl: string;
  dynamicRegistration: DynamicRegistration;
}

const ROLE_NAMES = { instructor: "instructor", ta: "teaching assistant", learner: "learner" } as const;

/** The platform posts forms (login, launch): small ones, parsed here only. */
const formParser = bodyParser({
  enableTypes: ["form"],
  formLimit: "96kb",
  onError() {
    throw new LtiRefusal(
      400,
      "malformed_form",
      "The platform's request could not be read (larger than 96 KB, or not a form).",
    );
  },
});

const readForm = async (ctx: Context): Promise<Record<string, unknown>> => {
  await formParser(ctx, async () => {});
  const body = ctx.request.body;
  return body && typeof body === "object" ? (body as Record<string, unknown>) : {};
};

const field = (value: unknown) => (typeof value === "string" ? value : undefined);

/**
 * The LTI 1.3 tool's browser endpoints (outside `/api/v1`): the JWKS, OIDC login initiation and
 * the launch. Every refusal is an HTML page with its status and an audit entry.
 */
export function ltiToolRoutes({
  toolKeys,
  login,
  launches,
  outcomes,
  deepLinking,
  audit,
  publicUrl,
  dynamicRegistration,
}: LtiRouteDeps): Router {
  const router = newRouter();
  const base = publicUrl.replace(/\/+$/, "");

  const recordRefusal = (ctx: Context, err: LtiRefusal, action: string) =>
    audit.record({
      action,
      actorType: "anonymous",
      targetType: err.registrationId ? "lti_registration" : null,
      targetId: err.registrationId,
      details: { reason: err.reason, status: err.status },
      ip: ctx.ip ?? null,
      userAgent: ctx.get("User-Agent") || null,
      requestId: ctx.state.requestId ?? null,
    });

  async function refused(ctx: Context, err: LtiRefusal, action: string) {
    await recordRefusal(ctx, err, action);
    renderLtiPage(ctx, {
      status: err.status,
      title: "Codeground could not start",
      paragraphs: [err.message, `Reference: ${ctx.state.requestId ?? "none"} (${err.reason}).`],
    });
  }

  const guarded = (action: string, handler: (ctx: Context) => Promise<void>) => async (ctx: Context) => {
    try {
      await handler(ctx);
    } catch (err) {
      if (err instanceof LtiRefusal) return refused(ctx, err, action);
      // A refusal of the services behind the launch (a limit reached, say): a page too, not JSON.
      if (err instanceof ApiError && err.status < 500) {
        const status = ([400, 401, 403, 404, 410] as const).find((s) => s === err.status) ?? 403;
        return refused(ctx, new LtiRefusal(status, err.code, err.message), action);
      }
      throw err;
    }
  };

  router.get("/lti/jwks", async (ctx) => {
    ctx.set("Cache-Control", "public, max-age=300");
    ctx.set("Cross-Origin-Resource-Policy", "cross-origin");
    ctx.body = await toolKeys.jwks();
  });

  // Dynamic Registration: the page the LMS opens with its OpenID configuration and registration token.
  router.get(
    "/lti/register",
    guarded("lti.dynamic_registration_refused", async (ctx) => {
      const openidConfiguration = field(ctx.query.openid_configuration) ?? "";
      const config = await dynamicRegistration.preview(openidConfiguration, ctx.ip);
      renderRegisterPage(ctx, config, {
        openidConfiguration,
        registrationToken: field(ctx.query.registration_token),
      });
    }),
  );

  router.get("/lti/register.js", (ctx) => {
    ctx.type = "text/javascript; charset=utf-8";
    ctx.set("Cache-Control", "public, max-age=300");
    ctx.set("X-Content-Type-Options", "nosniff");
    ctx.body = LTI_REGISTER_SCRIPT;
  });

  router.get("/lti/storage.js", (ctx) => {
    ctx.type = "text/javascript; charset=utf-8";
    ctx.set("Cache-Control", "public, max-age=300");
    ctx.set("X-Content-Type-Options", "nosniff");
    ctx.body = LTI_STORAGE_SCRIPT;
  });

  router.get("/lti/deep-linking.js", (ctx) => {
    ctx.type = "text/javascript; charset=utf-8";
    ctx.set("Cache-Control", "public, max-age=300");
    ctx.set("X-Content-Type-Options", "nosniff");
    ctx.body = DEEP_LINKING_SCRIPT;
  });

  const startLogin = guarded("lti.login_refused", async (ctx) => {
    const params = ctx.method === "POST" ? await readForm(ctx) : ctx.query;
    const start = await login.start(params);
    // Bound to this browser by a partitioned cookie (CHIPS): kept for this top-level site only, so
    // it survives browsers that block third-party cookies. Written by hand: Koa's cookies know no
    // Partitioned, and refuse Secure over the plain http of a development PUBLIC_URL.
    ctx.append(
      "Set-Cookie",
      `${stateCookieName(start.state)}=${start.state}; Path=/lti/; Max-Age=${LOGIN_STATE_TTL_MS / 1000}; HttpOnly; Secure; SameSite=None; Partitioned`,
    );
    if (start.binding === "cookie") {
      ctx.redirect(start.redirectUrl);
      return;
    }
    renderLtiPage(ctx, {
      status: 200,
      title: "Starting Codeground…",
      paragraphs: [],
      body: `<p id="lti-status">Connecting to your course…</p><div id="lti" data-mode="put" data-state="${html(start.state)}" data-nonce="${html(start.nonce)}" data-storage-target="${html(start.storageTarget ?? "_parent")}" data-platform-origin="${html(start.platformOrigin)}" data-redirect="${html(start.redirectUrl)}"></div>`,
      script: "/lti/storage.js",
      platformOrigins: [start.platformOrigin],
    });
  });
  router.get("/lti/login", startLogin);
  router.post("/lti/login", startLogin);

  router.post(
    "/lti/launch",
    guarded("lti.launch_refused", async (ctx) => {
      const form = await readForm(ctx);
      const idToken = field(form.id_token);
      const state = field(form.state);
      const check = await launches.check({
        idToken,
        state,
        cookie: (name) => ctx.cookies.get(name),
        storageNonce: field(form.lti_storage_nonce),
      });
      if (check.kind === "read_storage") {
        renderLtiPage(ctx, {
          status: 200,
          title: "Starting Codeground…",
          paragraphs: [],
          body: `<p id="lti-status">Checking the launch…</p><div id="lti" data-mode="get" data-state="${html(state ?? "")}" data-storage-target="${html(check.storageTarget)}" data-platform-origin="${html(check.platformOrigin)}"></div><form id="lti-relaunch" method="post" action="/lti/launch"><input type="hidden" name="id_token" value="${html(idToken ?? "")}"><input type="hidden" name="state" value="${html(state ?? "")}"><input type="hidden" name="lti_storage_nonce" value=""></form>`,
          script: "/lti/storage.js",
          platformOrigins: [check.platformOrigin],
        });
        return;
      }
      if (state) {
        ctx.append(
          "Set-Cookie",
          `${stateCookieName(state)}=; Path=/lti/; Max-Age=0; HttpOnly; Secure; SameSite=None; Partitioned`,
        );
      }
      // Deep linking: staff only and usable settings, checked before the course is linked.
      const deepLinkingSettings =
        check.launch.messageType === "LtiDeepLinkingRequest" ? readDeepLinkingRequest(check.launch) : null;
      const outcome = await outcomes.complete(check.launch, metaOf(ctx));
      await audit.record({
        action: "lti.launched",
        actorType: "anonymous",
        targetType: "course",
        targetId: outcome.courseId,
        details: {
          registrationId: check.launch.registration.id,
          messageType: check.launch.messageType,
          role: check.launch.courseRole,
          ltiUserId: outcome.ltiUserId,
          courseCreated: outcome.courseCreated,
        },
        ip: ctx.ip ?? null,
        userAgent: ctx.get("User-Agent") || null,
        requestId: ctx.state.requestId ?? null,
      });
      if (deepLinkingSettings) {
        renderDeepLinkingPicker(ctx, await deepLinking.open(outcome, deepLinkingSettings), {
          platformOrigins: platformOriginsOf(check.launch),
          lmsOrigin: check.launch.lmsOrigin,
          courseUrl: `${base}/courses/${outcome.courseId}`,
        });
        return;
      }
      renderLaunched(ctx, outcome, base);
    }),
  );

  // The deep linking picker's form: the choice signed as an LtiDeepLinkingResponse for the platform.
  router.post(
    "/lti/deep-linking/:selectionId",
    guarded("lti.deep_linking_refused", async (ctx) => {
      const selectionId = String(ctx.params.selectionId);
      const form = await readForm(ctx);
      let answer: DeepLinkingAnswer;
      try {
        answer = await deepLinking.respond(selectionId, form);
      } catch (err) {
        if (!(err instanceof LtiRefusal) || !CORRECTABLE_REASONS.has(err.reason)) throw err;
        // Something the person can correct: the picker again, with the message, the selection open.
        await recordRefusal(ctx, err, "lti.deep_linking_refused");
        const { opened, frame } = await deepLinking.reopen(selectionId);
        renderDeepLinkingPicker(
          ctx,
          opened,
          { ...frame, courseUrl: `${base}/courses/${opened.courseId}` },
          { status: err.status, message: err.message, previous: previousOf(form) },
        );
        return;
      }
      await audit.record({
        action: "lti.deep_linked",
        actorType: "anonymous",
        targetType: "course",
        targetId: answer.courseId,
        details: {
          registrationId: answer.registrationId,
          items: answer.items.map(({ kind, ref, points }) => ({ kind, ref, points })),
        },
        ip: ctx.ip ?? null,
        userAgent: ctx.get("User-Agent") || null,
        requestId: ctx.state.requestId ?? null,
      });
      renderDeepLinkingReturn(ctx, answer);
    }),
  );

  return router;
}

/**
 * The page a successful launch shows: for a learner's link to a problem or an assignment, the
 * exercise full-frame (the widget's frame bundle, with the learner's session); otherwise a page
 * stating plainly what the launch resolved to.
 */
const platformOriginsOf = (launch: LaunchOutcome["launch"]) => [
  new URL(launch.registration.authLoginUrl).origin,
  new URL(launch.registration.issuer).origin,
];

function renderLaunched(ctx: Context, outcome: LaunchOutcome, base: string) {
  const { launch } = outcome;
  const platformOrigins = platformOriginsOf(launch);
  // A learner's link to a problem (of an assignment, or alone): the exercise itself, full-frame.
  if (outcome.learnerSession && outcome.problem && launch.messageType === "LtiResourceLinkRequest") {
    renderLtiExercise(ctx, {
      publishableKey: outcome.learnerSession.publishableKey,
      problem: outcome.problem,
      token: outcome.learnerSession.token,
      assignmentId: outcome.assignment?.id ?? null,
      assignmentProblems: outcome.assignmentProblems,
      courseId: outcome.courseId,
      title: outcome.assignment ? `${outcome.assignment.title}: ${outcome.problem}` : outcome.problem,
      platformOrigins,
      lmsOrigin: launch.lmsOrigin,
      locale: launch.locale,
    });
    return;
  }
  const role = launch.courseRole ? ROLE_NAMES[launch.courseRole] : "unknown";
  const rows: [string, string][] = [
    ["Course", outcome.courseName],
    ["Your role", role],
    [
      "Launch",
      launch.messageType === "LtiDeepLinkingRequest" ? "content selection (deep linking)" : "resource link",
    ],
    ...(launch.resourceLink?.title ? ([["Link", launch.resourceLink.title]] as [string, string][]) : []),
    ...(outcome.problem ? ([["Problem", outcome.problem]] as [string, string][]) : []),
    ...(outcome.assignment ? ([["Assignment", outcome.assignment.title]] as [string, string][]) : []),
  ];
  const paragraphs = [
    outcome.courseCreated
      ? "This launch linked your LMS course to a new Codeground course."
      : "This launch opened the Codeground course linked to your LMS course.",
  ];
  if (outcome.learnerSession) {
    paragraphs.push(
      "Your learner session has started. This link names no problem or assignment yet; ask your teacher to choose one.",
    );
  } else {
    paragraphs.push(`Staff manage the course in Codeground: ${base}/courses/${outcome.courseId}`);
  }
  renderLtiPage(ctx, {
    status: 200,
    title: "Launched in Codeground",
    paragraphs,
    // A learner's session without an exercise yet: its token is for the exercise view a link opens.
    body: `<dl id="lti-launch" data-course="${html(outcome.courseId)}" data-role="${html(launch.courseRole ?? "")}"${
      outcome.learnerSession ? ` data-learner-token="${html(outcome.learnerSession.token)}"` : ""
    }>${rows.map(([k, v]) => `<dt>${html(k)}</dt><dd>${html(v)}</dd>`).join("")}</dl>`,
    platformOrigins,
    lmsOrigin: launch.lmsOrigin,
  });
}
