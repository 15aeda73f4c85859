import type { Context } from "koa";
import {
  DEFAULT_PROBLEM_POINTS,
  type DeepLinkingAnswer,
  type DeepLinkingFrame,
  MAX_POINTS,
  type OpenedSelection,
  type PickerAssignment,
  type PickerProblem,
  pointsField,
} from "../services/lti/index.js";
import { html, renderLtiPage } from "./lti-pages.js";

/** The picker's layout, sized for an LMS iframe: one column of rows that wrap on narrow frames. */
const PICKER_STYLE = [
  "main{max-width:60rem}[hidden]{display:none!important}",
  "fieldset{border:1px solid #8c959f;border-radius:6px;margin:0 0 1.25rem;padding:.5rem 1rem 1rem}",
  "legend{font-weight:600;padding:0 .25rem}",
  ".dl-row{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.5rem 0;border-bottom:1px solid #d0d7de}",
  ".dl-row:last-child{border-bottom:0}",
  ".dl-pick{display:flex;align-items:flex-start;gap:.5rem;flex:1 1 20rem}",
  ".dl-pick input{margin-top:.3rem;width:1.1rem;height:1.1rem}",
  ".dl-meta{display:block;color:#4a5560;font-size:.875rem}",
  ".dl-points{display:flex;align-items:center;gap:.5rem}",
  ".dl-points input{width:7rem;font:inherit;padding:.25rem .4rem;border:1px solid #57606a;border-radius:4px}",
  ".dl-filter{margin:0 0 .75rem}",
  ".dl-filter input{font:inherit;padding:.25rem .4rem;border:1px solid #57606a;border-radius:4px;margin-left:.5rem}",
  ".dl-actions{display:flex;gap:.75rem;position:sticky;bottom:0;background:#fff;padding:.75rem 0;border-top:1px solid #d0d7de}",
  "button{font:inherit;padding:.45rem 1rem;border-radius:6px;border:1px solid #0b57d0;background:#fff;color:#0b57d0;cursor:pointer}",
  "button.dl-primary{background:#0b57d0;color:#fff}",
  "button:focus-visible,input:focus-visible{outline:3px solid #1b1f24;outline-offset:2px}",
  "#dl-error{border:2px solid #b3261e;border-radius:6px;padding:.5rem 1rem;margin:0 0 1rem;color:#8c1d18;background:#fdecea}",
  ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
].join("");

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What the form sent last time, when the picker is shown again: the choices and the points typed. */
export interface PickerPrevious {
  items: readonly string[];
  points: Readonly<Record<string, string>>;
}

/** The choices and points a form post carried, to show them again. */
export function previousOf(form: Record<string, unknown>): PickerPrevious {
  const raw = form.item;
  const items = (
    Array.isArray(raw) ? raw : raw && typeof raw === "object" ? Object.values(raw) : [raw]
  ).filter((v): v is string => typeof v === "string");
  const points = Object.fromEntries(
    Object.entries(form).filter(
      (e): e is [string, string] => e[0].startsWith("points:") && typeof e[1] === "string",
    ),
  );
  return { items, points };
}

function row(
  input: { type: "checkbox" | "radio"; id: string; value: string },
  title: string,
  meta: string,
  points: number | null,
  previous: PickerPrevious | undefined,
  extra = "",
): string {
  const typed = previous?.points[pointsField(input.value)];
  const pointsInput =
    points === null
      ? ""
      : `<span class="dl-points"><label for="${input.id}-points">Points<span class="vh"> for ${html(title)}</span></label><input type="number" id="${input.id}-points" name="${html(pointsField(input.value))}" value="${html(typed ?? String(points))}" min="0.01" max="${MAX_POINTS}" step="0.01" inputmode="decimal" required></span>`;
  const checked = previous?.items.includes(input.value) ? " checked" : "";
  return `<div class="dl-row"${extra}><span class="dl-pick"><input type="${input.type}" id="${input.id}" name="item" value="${html(input.value)}"${checked}><label for="${input.id}">${html(title)}<span class="dl-meta">${html(meta)}</span></label></span>${pointsInput}</div>`;
}

function assignmentRows(
  assignments: PickerAssignment[],
  type: "checkbox" | "radio",
  withPoints: boolean,
  previous: PickerPrevious | undefined,
) {
  return assignments
    .map((a, i) =>
      row(
        { type, id: `dl-a${i}`, value: `assignment:${a.id}` },
        a.title,
        [
          plural(a.problemCount, "problem"),
          plural(a.totalPoints, "point"),
          ...(a.dueAt ? [`due ${a.dueAt.slice(0, 16).replace("T", " ")} UTC`] : []),
        ].join(" · "),
        withPoints ? (a.totalPoints > 0 ? a.totalPoints : DEFAULT_PROBLEM_POINTS) : null,
        previous,
      ),
    )
    .join("");
}

function problemRows(
  problems: PickerProblem[],
  type: "checkbox" | "radio",
  withPoints: boolean,
  previous: PickerPrevious | undefined,
) {
  return problems
    .map((p, i) =>
      row(
        { type, id: `dl-p${i}`, value: `problem:${p.slug}` },
        p.title,
        `${p.difficulty} · ${p.ofCourse ? "this course's problem" : "public problem"} · ${p.slug}`,
        withPoints ? DEFAULT_PROBLEM_POINTS : null,
        previous,
        ` data-dl-problem data-dl-text="${html(`${p.title} ${p.slug}`.toLowerCase())}"`,
      ),
    )
    .join("");
}

/**
 * The content picker a staff member's deep linking launch shows, inside the LMS frame: the
 * course's assignments and its problems (its own and public ones), each with points when the LMS
 * takes line items; radios when it takes one item. The form posts back to the tool under the
 * selection id, which is all the page carries. With `again`, it is shown again after a correctable
 * refusal of its form: the message first, the choices and points as they were sent.
 */
export function renderDeepLinkingPicker(
  ctx: Context,
  opened: OpenedSelection,
  frame: DeepLinkingFrame & { courseUrl: string },
  again?: { status: number; message: string; previous: PickerPrevious },
) {
  const previous = again?.previous;
  const { settings, catalog } = opened;
  const type = settings.acceptMultiple ? "checkbox" : "radio";
  const withPoints = settings.acceptLineItem;
  const assignments = catalog.assignments.length
    ? assignmentRows(catalog.assignments, type, withPoints, previous)
    : `<p>This course has no assignments yet. Create them in Codeground: <a href="${html(frame.courseUrl)}" target="_blank" rel="noopener">the course's page</a>.</p>`;
  const problems = catalog.problems.length
    ? `<p class="dl-filter" id="dl-filter-row" hidden><label for="dl-filter">Filter problems</label><input type="search" id="dl-filter" aria-describedby="dl-filter-status"><span id="dl-filter-status" class="vh" aria-live="polite"></span></p>${problemRows(catalog.problems, type, withPoints, previous)}${
        catalog.problemsTruncated
          ? `<p>Only the first ${catalog.problems.length} problems are listed; this course's own come first.</p>`
          : ""
      }`
    : "<p>No problems are available to this course yet.</p>";
  const help = [
    settings.acceptMultiple
      ? "Choose an assignment, or one or more problems, to add to your LMS course."
      : "Choose one assignment or one problem to add to your LMS course.",
    withPoints
      ? "Each becomes a graded item in the LMS gradebook worth the points you set; an assignment's default is its total."
      : "The LMS does not take gradebook columns here: items are added without points.",
  ].join(" ");
  renderLtiPage(ctx, {
    status: again?.status ?? 200,
    title: "Choose Codeground content",
    paragraphs: [`Course: ${opened.courseName}.`],
    body: `${again ? `<p id="dl-error" role="alert" tabindex="-1">${html(again.message)}</p>` : ""}<p id="dl-help">${html(help)}</p><form id="dl-form" method="post" action="/lti/deep-linking/${html(opened.selectionId)}" aria-describedby="dl-help"><fieldset><legend>Assignments</legend>${assignments}</fieldset><fieldset><legend>Problems</legend>${problems}</fieldset><div class="dl-actions"><button type="submit" class="dl-primary" name="action" value="add">Add to the course</button><button type="submit" name="action" value="cancel" formnovalidate>Cancel</button></div></form>`,
    script: "/lti/deep-linking.js",
    style: PICKER_STYLE,
    platformOrigins: frame.platformOrigins,
    lmsOrigin: frame.lmsOrigin,
  });
}

/**
 * The signed answer on its way to the platform: a form posting `JWT` to the deep linking return
 * URL, submitted by the page's script (a button when scripts do not run).
 */
export function renderDeepLinkingReturn(ctx: Context, answer: DeepLinkingAnswer) {
  const count = answer.items.length;
  renderLtiPage(ctx, {
    status: 200,
    title: count ? "Adding to your course…" : "Returning to your course…",
    paragraphs: [
      count
        ? `Sending ${plural(count, "item")} to the LMS: ${answer.items.map((i) => i.title).join(", ")}.`
        : "Nothing was added.",
    ],
    body: `<form id="lti-return" method="post" action="${html(answer.returnUrl)}">
<input type="hidden" name="JWT" value="${html(answer.jwt)}">
<button type="submit" class="dl-primary">Continue to the LMS</button>
</form>`,
    script: "/lti/deep-linking.js",
    style: PICKER_STYLE,
    platformOrigins: answer.frame.platformOrigins,
    lmsOrigin: answer.frame.lmsOrigin,
    formActions: [new URL(answer.returnUrl).origin],
  });
}

/**
 * `GET /lti/deep-linking.js`: on the answer page, posts the form to the platform; on the picker,
 * moves focus to the error when there is one, sends the form once and only the chosen items'
 * points, shows the problem filter and announces its count.
 */
export const DEEP_LINKING_SCRIPT = `"use strict";
(function () {
  var answer = document.getElementById("lti-return");
  if (answer) {
    answer.submit();
    return;
  }
  var error = document.getElementById("dl-error");
  if (error) error.focus();
  var form = document.getElementById("dl-form");
  // Sent once: a second click would use up the selection and answer "already sent" in place of
  // the answer that the first one was bringing to the platform.
  var sent = false;
  if (form)
    form.addEventListener("submit", function (event) {
      if (sent) event.preventDefault();
      sent = true;
    });
  window.addEventListener("pageshow", function () {
    sent = false;
  });
  // Only the chosen items' points are sent: a long list stays far below the form's field limit.
  if (form)
    form.addEventListener("formdata", function (event) {
      var picks = form.querySelectorAll("input[name=item]");
      for (var i = 0; i < picks.length; i++)
        if (!picks[i].checked) event.formData.delete("points:" + picks[i].value);
    });
  var filter = document.getElementById("dl-filter");
  var filterRow = document.getElementById("dl-filter-row");
  var status = document.getElementById("dl-filter-status");
  if (!filter || !filterRow) return;
  filterRow.hidden = false;
  filter.addEventListener("input", function () {
    var q = filter.value.trim().toLowerCase();
    var rows = document.querySelectorAll("[data-dl-problem]");
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var chosen = r.querySelector("input[name=item]:checked");
      var match = !q || chosen || (r.getAttribute("data-dl-text") || "").indexOf(q) !== -1;
      r.hidden = !match;
      if (match) shown++;
    }
    if (status) status.textContent = shown + (shown === 1 ? " problem shown" : " problems shown");
  });
})();
`;
