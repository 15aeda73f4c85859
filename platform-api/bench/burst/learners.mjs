// One embed learner, as the widget and its host page behave: start a learner session with a
// learner token the host site signed, submit once with an Idempotency-Key, follow the submission's
// event stream to its `done` event. An instance that does not answer is left for the other one:
// a POST is repeated there with the same key (a repeat of one that landed answers 200 with the
// first submission, so nothing is submitted twice), an event stream is opened again there.
import { SignJWT } from "jose";
import { sleep } from "./cluster.mjs";

export const ORIGIN = "https://course.example.edu";
const POST_TIMEOUT_MS = 30_000;

/** A network failure or a 5xx: the instance did not answer; anything else is an answer. */
const unanswered = (r) => r.error !== undefined || r.status >= 500;

async function call(api, method, p, { body, bearer, headers = {} } = {}) {
  // Submissions on their way to this instance, so a kill can be timed to catch one in flight.
  const submitting = method === "POST" && p.endsWith("/submissions");
  if (submitting) api.submitsInFlight = (api.submitsInFlight ?? 0) + 1;
  try {
    const res = await fetch(`${api.url}/api/v1${p}`, {
      method,
      headers: {
        Origin: ORIGIN,
        ...(body ? { "Content-Type": "application/json" } : {}),
        ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, body: json, retryAfter: Number(res.headers.get("Retry-After")) || 1 };
  } catch (err) {
    return { status: 0, error: err.cause?.code ?? err.name ?? "error" };
  } finally {
    if (submitting) api.submitsInFlight--;
  }
}

/**
 * Sends one request to the learner's instance; an unanswered one goes to the next instance
 * (at most `tries` sends in all), a 429 waits its Retry-After. `sends` records each try.
 */
async function send(learner, apis, method, p, options, sends, tries = 6) {
  let last;
  for (let t = 0; t < tries; t++) {
    const api = apis[learner.apiIndex];
    const r = await call(api, method, p, options);
    sends.push({ api: api.name, status: r.status, ...(r.error ? { error: r.error } : {}) });
    last = r;
    if (r.status === 429) {
      await sleep(r.retryAfter * 1000);
      continue;
    }
    if (!unanswered(r)) return r;
    learner.apiIndex = (learner.apiIndex + 1) % apis.length;
    await sleep(200 * (t + 1));
  }
  return last;
}

/** Reads a `text/event-stream` body; calls `onEvent(type, data)` per event. */
async function readEvents(res, onEvent) {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let cut = buffer.indexOf("\n\n");
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let type;
      let data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) type = line.slice(7);
        else if (line.startsWith("data: ")) data += line.slice(6);
      }
      if (type && onEvent(type, data ? JSON.parse(data) : undefined) === false) return;
      cut = buffer.indexOf("\n\n");
    }
  }
}

/**
 * Follows a submission to its `done` event through the learner's instance, moving to the other
 * one when it stops answering. Resolves with the final submission, or undefined at the deadline.
 */
async function follow(learner, apis, id, bearer, deadline, onState) {
  while (Date.now() < deadline) {
    const api = apis[learner.apiIndex];
    let done;
    try {
      const res = await fetch(`${api.url}/api/v1/submissions/${id}/events`, {
        headers: { Authorization: `Bearer ${bearer}`, Origin: ORIGIN, Accept: "text/event-stream" },
        signal: AbortSignal.timeout(Math.max(1000, deadline - Date.now())),
      });
      if (res.status === 429) {
        await res.body?.cancel();
        await sleep(1000);
        continue;
      }
      if (res.status !== 200) {
        learner.followErrors.push({ api: api.name, status: res.status });
        await res.body?.cancel();
        if (res.status < 500) return undefined;
        learner.apiIndex = (learner.apiIndex + 1) % apis.length;
        await sleep(500);
        continue;
      }
      await readEvents(res, (type, data) => {
        if (type === "state") onState?.(data);
        if (type !== "done") return true;
        done = data;
        return false;
      });
    } catch (err) {
      learner.followErrors.push({ api: api.name, error: err.cause?.code ?? err.name });
    }
    if (done) {
      learner.doneVia = api.name;
      return done;
    }
    // The stream broke (its instance went away) or ended without `done`: follow elsewhere.
    learner.apiIndex = (learner.apiIndex + 1) % apis.length;
    learner.streamSwitches++;
    await sleep(500);
  }
  return undefined;
}

/**
 * Runs one learner: session, submission, follow. Never throws: what went wrong is recorded on
 * the returned learner (`error`), so the figures can count it. `onStart` gets the record at
 * once, to watch it fill in.
 */
export async function runLearner({
  apis,
  apiIndex,
  embed,
  problem,
  ref,
  code,
  expect,
  clock,
  deadline,
  onStart,
}) {
  const learner = {
    ref,
    expect,
    apiIndex,
    firstApi: apis[apiIndex].name,
    sessionSends: [],
    postSends: [],
    followErrors: [],
    streamSwitches: 0,
  };
  onStart?.(learner);
  try {
    const nowS = Math.floor(Date.now() / 1000);
    const learnerToken = await new SignJWT({ sub: ref, name: `Learner ${ref}` })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + 3600)
      .sign(new TextEncoder().encode(embed.secretKey));
    const session = await send(
      learner,
      apis,
      "POST",
      "/embed/sessions",
      { body: { learnerToken }, headers: { "X-Embed-Key": embed.publishableKey } },
      learner.sessionSends,
    );
    if (session.status !== 201) {
      learner.error = `session: ${session.status || session.error} ${session.body?.error?.code ?? ""}`.trim();
      return learner;
    }
    const bearer = session.body.token;
    learner.submittedAt = clock();
    const submitted = await send(
      learner,
      apis,
      "POST",
      `/problems/${problem}/submissions`,
      {
        body: { language: "python", code },
        bearer,
        headers: { "Idempotency-Key": `burst-${ref}` },
      },
      learner.postSends,
    );
    learner.acceptedAt = clock();
    learner.postStatus = submitted.status;
    if (submitted.status !== 202 && submitted.status !== 200) {
      learner.error =
        `submit: ${submitted.status || submitted.error} ${submitted.body?.error?.code ?? ""}`.trim();
      return learner;
    }
    learner.id = submitted.body.id;
    learner.submitVia = apis[learner.apiIndex].name;
    const final = await follow(learner, apis, learner.id, bearer, deadline, (state) => {
      if (state?.waitingForJudge) learner.sawWaitingForJudge = true;
    });
    if (!final) {
      learner.error = "no done event before the deadline";
      return learner;
    }
    learner.finalAt = clock();
    learner.finalWall = Date.now();
    learner.verdict = final.verdict;
    learner.passed = final.passed;
    learner.tests = final.tests?.length ?? 0;
  } catch (err) {
    learner.error = `unexpected: ${err.message}`;
  }
  return learner;
}
