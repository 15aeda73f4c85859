import type { Context } from "koa";
import {
  DEFAULT_PROBLEM_POINTS,
  type DeepLinkingAnswer,
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
  ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
].join("");

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function row(
  input: { type: "checkbox" | "radio"; id: string; value: string },
  title: string,
  meta: string,
  points: number | null,
  extra = "",
): string {
  const pointsInput =
    points === null
      ? ""
      : `<span class="dl-points"><label for="${input.id}-points">Points<span class="vh"> for ${html(title)}</span></label><input type="number" id="${input.id}-points" name="${html(pointsField(input.value))}" value="${points}" min="0.01" max="${MAX_POINTS}" step="0.01" inputmode="decimal" required></span>`;
  return `<div class="dl-row"${extra}><span class="dl-pick"><input type="${input.type}" id="${input.id}" name="item" value="${html(input.value)}"><label for="${input.id}">${html(title)}<span class="dl-meta">${html(meta)}</span></label></span>${pointsInput}</div>`;
}

function assignmentRows(assignments: PickerAssignment[], type: "checkbox" | "radio", withPoints: boolean) {
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
      ),
    )
    .join("");
}

function problemRows(problems: PickerProblem[], type: "checkbox" | "radio", withPoints: boolean) {
  return problems
    .map((p, i) =>
      row(
        { type, id: `dl-p${i}`, value: `problem:${p.slug}` },
        p.title,
        `${p.difficulty} · ${p.ofCourse ? "this course's problem" : "public problem"} · ${p.slug}`,
        withPoints ? DEFAULT_PROBLEM_POINTS : null,
        ` data-dl-problem data-dl-text="${html(`${p.title} ${p.slug}`.toLowerCase())}"`,
      ),
    )
    .join("");
}

/**
 * The content picker a staff member's deep linking launch shows, inside the LMS frame: the
 * course's assignments and its problems (its own and public ones), each with points when the LMS
 * takes line items; radios when it takes one item. The form posts back to the tool under the
 * selection id, which is all the page carries.
 */
export function renderDeepLinkingPicker(
  ctx: Context,
  opened: OpenedSelection,
  frame: { platformOrigins: readonly string[]; lmsOrigin: string | null; courseUrl: string },
) {
  const { settings, catalog } = opened;
  const type = settings.acceptMultiple ? "checkbox" : "radio";
  const withPoints = settings.acceptLineItem;
  const assignments = catalog.assignments.length
    ? assignmentRows(catalog.assignments, type, withPoints)
    : `<p>This course has no assignments yet. Create them in Codeground: <a href="${html(frame.courseUrl)}" target="_blank" rel="noopener">the course's page</a>.</p>`;
  const problems = catalog.problems.length
    ? `<p class="dl-filter" id="dl-filter-row" hidden><label for="dl-filter">Filter problems</label><input type="search" id="dl-filter" aria-describedby="dl-filter-status"><span id="dl-filter-status" class="vh" aria-live="polite"></span></p>${problemRows(catalog.problems, type, withPoints)}${
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
    status: 200,
    title: "Choose Codeground content",
    paragraphs: [`Course: ${opened.courseName}.`],
    body: `<p id="dl-help">${html(help)}</p><form id="dl-form" method="post" action="/lti/deep-linking/${html(opened.selectionId)}" aria-describedby="dl-help"><fieldset><legend>Assignments</legend>${assignments}</fieldset><fieldset><legend>Problems</legend>${problems}</fieldset><div class="dl-actions"><button type="submit" class="dl-primary" name="action" value="add">Add to the course</button><button type="submit" name="action" value="cancel" formnovalidate>Cancel</button></div></form>`,
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
    platformOrigins: answer.platformOrigins,
    lmsOrigin: answer.lmsOrigin,
    formActions: [new URL(answer.returnUrl).origin],
  });
}

/**
 * `GET /lti/deep-linking.js`: on the answer page, posts the form to the platform; on the picker,
 * shows the problem filter and keeps its count announced.
 */
export const DEEP_LINKING_SCRIPT = `"use strict";
(function () {
  var answer = document.getElementById("lti-return");
  if (answer) {
    answer.submit();
    return;
  }
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
