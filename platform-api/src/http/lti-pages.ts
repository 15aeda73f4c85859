import { randomBytes } from "node:crypto";
import type { Context } from "koa";
import { framePolicy } from "./routes/embed-frames.js";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Who may frame an LTI page: the LMS page's own origin when the launch named it
 * (`launch_presentation.return_url`), with the platform's origins; before a launch has said so,
 * any https page and the platform's origins (a hosted LMS frames the tool from the school's site,
 * which is not the issuer's host; the platform's origins cover a plain-http test platform).
 */
export function ltiFrameAncestors(platformOrigins: readonly string[], lmsOrigin?: string | null): string {
  return [
    ...(lmsOrigin ? [] : ["https:"]),
    ...new Set([...(lmsOrigin ? [lmsOrigin] : []), ...platformOrigins]),
  ].join(" ");
}

/**
 * The LTI pages' policy: scripts from our origin only (the storage script is a file, never
 * inline), the one style block by nonce, forms back to us only; framed as `ltiFrameAncestors` says.
 */
function ltiPolicy(nonce: string, ancestors: string, formActions: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    ["form-action 'self'", ...formActions].join(" "),
    `frame-ancestors ${ancestors}`,
  ].join("; ");
}

export interface LtiPage {
  status: number;
  title: string;
  /** Paragraphs of plain text (escaped here). */
  paragraphs: string[];
  /** Extra markup the caller built with `html`; its values must be escaped already. */
  body?: string;
  /** A script file of ours, loaded after the page (`/lti/storage.js`). */
  script?: string;
  platformOrigins?: readonly string[];
  /** The LMS page's origin, once a launch named it. */
  lmsOrigin?: string | null;
  /** Origins besides ours the page's forms may post to (a deep linking answer to the platform). */
  formActions?: readonly string[];
  /** More CSS for the page's one style block. */
  style?: string;
}

/** Renders an LTI page: self-contained HTML, never cached, framable by the LMS. */
export function renderLtiPage(ctx: Context, page: LtiPage) {
  const nonce = randomBytes(16).toString("base64");
  ctx.status = page.status;
  ctx.type = "text/html; charset=utf-8";
  ctx.set("Cache-Control", "no-store");
  ctx.set(
    "Content-Security-Policy",
    ltiPolicy(nonce, ltiFrameAncestors(page.platformOrigins ?? [], page.lmsOrigin), page.formActions),
  );
  ctx.remove("X-Frame-Options");
  ctx.set("Referrer-Policy", "no-referrer");
  ctx.body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · Codeground</title>
<style nonce="${nonce}">body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:1.5rem;color:#1b1f24}h1{font-size:1.25rem;margin:0 0 .75rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}a{color:#0b57d0}${page.style ?? ""}</style>
</head>
<body>
<main>
<h1>${escapeHtml(page.title)}</h1>
${page.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${page.body ?? ""}
</main>
${page.script ? `<script src="${escapeHtml(page.script)}"></script>` : ""}
</body>
</html>
`;
}

/** Escapes text for HTML. */
export const html = escapeHtml;

/**
 * The LTI client-side storage script (`GET /lti/storage.js`; LTI Client Side postMessages):
 * on the login page it puts the state and nonce into the platform's storage frame
 * (`lti.put_data`) and then goes to the platform's auth endpoint; on the launch page it reads the
 * nonce back (`lti.get_data`) and posts the launch again with it. Talks only to the platform's
 * origin, and only listens to that frame.
 */
export const LTI_STORAGE_SCRIPT = `"use strict";
(function () {
  var el = document.getElementById("lti");
  var status = document.getElementById("lti-status");
  if (!el) return;
  var d = el.dataset;
  var origin = d.platformOrigin;
  var fail = function (message) {
    if (status) status.textContent = message;
  };
  var parentWindow = window.opener || window.parent;
  var frame;
  try {
    frame = d.storageTarget === "_parent" ? parentWindow : parentWindow.frames[d.storageTarget];
  } catch (e) {
    frame = undefined;
  }
  if (!frame || !origin) return fail("The platform's storage is not reachable from here; launch the tool again.");
  var count = 0;
  function call(subject, body) {
    return new Promise(function (resolve, reject) {
      var id = "cg-" + Date.now() + "-" + count++;
      var timer = setTimeout(function () {
        window.removeEventListener("message", listen);
        reject(new Error("timeout"));
      }, 5000);
      function listen(event) {
        if (event.origin !== origin || event.source !== frame) return;
        var m = event.data;
        if (!m || m.message_id !== id || m.subject !== subject + ".response") return;
        clearTimeout(timer);
        window.removeEventListener("message", listen);
        if (m.error) reject(new Error("storage refused"));
        else resolve(m);
      }
      window.addEventListener("message", listen);
      var message = { subject: subject, message_id: id };
      for (var k in body) message[k] = body[k];
      frame.postMessage(message, origin);
    });
  }
  if (d.mode === "put") {
    Promise.all([
      call("lti.put_data", { key: "cg_state_" + d.state, value: d.state }),
      call("lti.put_data", { key: "cg_nonce_" + d.state, value: d.nonce }),
    ]).then(
      function () {
        window.location.assign(d.redirect);
      },
      function () {
        fail("The platform did not keep the launch's state; launch the tool again.");
      },
    );
  } else if (d.mode === "get") {
    call("lti.get_data", { key: "cg_nonce_" + d.state }).then(
      function (m) {
        var form = document.getElementById("lti-relaunch");
        if (!form || typeof m.value !== "string") return fail("The platform's storage holds no launch state.");
        form.elements.namedItem("lti_storage_nonce").value = m.value;
        form.submit();
      },
      function () {
        fail("The platform's storage did not answer; launch the tool again.");
      },
    );
  }
})();
`;

/**
 * A learner's exercise inside the LMS: the page the widget frames (`/embed/:key/problem`), served
 * at the launch itself, so the learner works in the frame the LMS opened. The frame bundle starts
 * with the learner session's token from the page (there is no host page to ask), sized by the LMS.
 */
export function renderLtiExercise(
  ctx: Context,
  page: {
    publishableKey: string;
    problem: string;
    token: string;
    assignmentId: string | null;
    /** The assignment's problems, when the link names the whole assignment: a nav moves between them. */
    assignmentProblems?: readonly { slug: string; title: string }[];
    courseId: string;
    title: string;
    platformOrigins: readonly string[];
    lmsOrigin: string | null;
    /** The user's language as the LMS says it (already a well-formed tag): the exercise speaks it. */
    locale?: string | null;
  },
) {
  const nonce = randomBytes(16).toString("base64");
  ctx.status = 200;
  ctx.type = "text/html; charset=utf-8";
  ctx.set("Cache-Control", "no-store");
  ctx.set(
    "Content-Security-Policy",
    framePolicy(nonce, ltiFrameAncestors(page.platformOrigins, page.lmsOrigin).split(" ")),
  );
  ctx.remove("X-Frame-Options");
  ctx.set("Referrer-Policy", "no-referrer");
  const data = [
    `data-embed="${escapeHtml(page.publishableKey)}"`,
    'data-element="problem"',
    `data-problem="${escapeHtml(page.problem)}"`,
    `data-token="${escapeHtml(page.token)}"`,
    `data-course="${escapeHtml(page.courseId)}"`,
    'data-role="learner"',
    ...(page.assignmentId ? [`data-assignment="${escapeHtml(page.assignmentId)}"`] : []),
    ...(page.locale ? [`data-lang="${escapeHtml(page.locale)}"`] : []),
  ].join(" ");
  const problems = page.assignmentProblems ?? [];
  // More than one problem: buttons the frame bundle wires to switch the exercise in place.
  const nav =
    problems.length > 1
      ? `<nav aria-label="Problems of this assignment"><ol>${problems
          .map(
            (p, i) =>
              `<li><button type="button" data-goto="${escapeHtml(p.slug)}"${p.slug === page.problem ? ' aria-current="step"' : ""}>${i + 1}. ${escapeHtml(p.title)}</button></li>`,
          )
          .join("")}</ol></nav>
<style nonce="${nonce}">
nav{font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;padding:.5rem .75rem;border-bottom:1px solid #d0d7de}
nav ol{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;margin:0;padding:0}
nav button{font:inherit;padding:.3rem .7rem;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa;color:#1f2328;cursor:pointer}
nav button[aria-current]{background:#0969da;border-color:#0969da;color:#fff;font-weight:600}
nav button:focus-visible{outline:3px solid #0969da;outline-offset:2px}
@media (prefers-color-scheme:dark){body{background:#0d1117}nav{border-color:#3d444d}nav button{background:#151b23;border-color:#3d444d;color:#e6edf3}nav button[aria-current]{background:#1f6feb;border-color:#1f6feb}}
</style>`
      : "";
  ctx.body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · Codeground</title>
</head>
<body>
${nav}
<div id="app" ${data}></div>
<script type="module" nonce="${nonce}" src="/widget/frame.js"></script>
</body>
</html>
`;
}
