import type { CreateEmbedSessionRequest, EmbedSession } from "../schemas/embeds.js";
import { type ClientOptions, HttpClient } from "./http.js";
import { AdminResource } from "./resources/admin.js";
import { AssignmentsResource } from "./resources/assignments.js";
import { AuditResource } from "./resources/audit.js";
import { AuthResource } from "./resources/auth.js";
import { ChatResource } from "./resources/chat.js";
import { CoursesResource } from "./resources/courses.js";
import { type EmbedSessionOptions, EmbedsResource } from "./resources/embeds.js";
import { GradebookResource } from "./resources/gradebook.js";
import { KeysResource } from "./resources/keys.js";
import { LtiResource } from "./resources/lti.js";
import { MeResource } from "./resources/me.js";
import { ProblemsResource } from "./resources/problems.js";
import { ExecutionsResource, RunsResource } from "./resources/runs.js";
import { SubmissionsResource } from "./resources/submissions.js";

/**
 * The Codeground platform API client: `new Codeground({ baseUrl, token })`, then resources —
 * `cg.problems.list()`, `cg.submissions.create(slug, { language, code })`, `cg.chat.send(…)`.
 * Every method takes `{ signal }`; answers are validated against the shared zod schemas.
 */
export class Codeground {
  readonly auth: AuthResource;
  readonly me: MeResource;
  readonly keys: KeysResource;
  readonly problems: ProblemsResource;
  readonly runs: RunsResource;
  readonly submissions: SubmissionsResource;
  readonly executions: ExecutionsResource;
  readonly chat: ChatResource;
  readonly embeds: EmbedsResource;
  /** Courses, their members, invitations and embeds. */
  readonly courses: CoursesResource;
  /** Assignments of a course, and your timed attempt at one. */
  readonly assignments: AssignmentsResource;
  /** A course's gradebook, for its staff. */
  readonly gradebook: GradebookResource;
  readonly audit: AuditResource;
  /** LTI 1.3: the learning platforms you registered this tool with (`cg.lti.registrations`). */
  readonly lti: LtiResource;
  /** Admins only: `cg.admin.users.list()`, `cg.admin.users.update(id, { role, disabled })`. */
  readonly admin: AdminResource;
  readonly #options: ClientOptions;

  constructor(options: ClientOptions) {
    this.#options = { ...options };
    const http = new HttpClient(this.#options);
    this.auth = new AuthResource(http);
    this.me = new MeResource(http);
    this.keys = new KeysResource(http);
    this.runs = new RunsResource(http);
    this.problems = new ProblemsResource(http, this.runs);
    this.submissions = new SubmissionsResource(http);
    this.executions = new ExecutionsResource(http);
    this.chat = new ChatResource(http);
    this.embeds = new EmbedsResource(http);
    this.courses = new CoursesResource(http);
    this.assignments = new AssignmentsResource(http);
    this.gradebook = new GradebookResource(http);
    this.audit = new AuditResource(http);
    this.lti = new LtiResource(http);
    this.admin = new AdminResource(http);
  }

  /** A client like this one with another token (after `auth.signup`/`login`, or for a learner session). */
  withToken(token: string | undefined): Codeground {
    return new Codeground({ ...this.#options, token });
  }

  /** Starts a learner session inside an embed; same as `embeds.createSession`. */
  createEmbedSession(
    publishableKey: string,
    input: CreateEmbedSessionRequest = {},
    options: EmbedSessionOptions = {},
  ): Promise<EmbedSession> {
    return this.embeds.createSession(publishableKey, input, options);
  }
}
