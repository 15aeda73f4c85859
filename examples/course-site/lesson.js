// The course site's own code: it records what the exercises report.
const log = document.getElementById("log");

function record(text, verdict) {
  const item = document.createElement("li");
  item.textContent = text;
  if (verdict) item.dataset.verdict = verdict;
  log.append(item);
}

document.addEventListener("cg-result", (event) => {
  const { problem, verdict, passed, total, submissionId } = event.detail;
  record(`${problem}: ${verdict} (${passed}/${total} tests) — submission ${submissionId}`, verdict);
});

document.addEventListener("cg-error", (event) => {
  record(`${event.target.id}: error ${event.detail.code}: ${event.detail.message}`, "error");
});
