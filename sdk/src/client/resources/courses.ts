import {
  Course,
  CourseList,
  CourseMember,
  CourseMemberList,
  type CreateCourseRequest,
  CreatedInvitation,
  type CreateInvitationRequest,
  InvitationPreview,
  type InvitedRole,
  type UpdateCourseRequest,
  type UpdateMemberRequest,
} from "../../schemas/courses.js";
import { type CreateEmbedRequest, EmbedList, EmbedWithSecret } from "../../schemas/embeds.js";
import type { HttpClient, RequestOptions } from "../http.js";

const coursePath = (id: string) => `/courses/${encodeURIComponent(id)}`;

/** A course's members: staff see everyone, learners the staff. */
export class CourseMembersResource {
  constructor(private readonly http: HttpClient) {}

  list(courseId: string, options?: RequestOptions): Promise<CourseMember[]> {
    return this.http.request(
      { method: "GET", path: `${coursePath(courseId)}/members`, schema: CourseMemberList },
      options,
    );
  }

  /** The owner changes a role; `owner` hands the course over (the caller becomes an instructor). */
  update(
    courseId: string,
    userId: string,
    input: UpdateMemberRequest,
    options?: RequestOptions,
  ): Promise<CourseMember> {
    return this.http.request(
      {
        method: "PATCH",
        path: `${coursePath(courseId)}/members/${encodeURIComponent(userId)}`,
        body: input,
        schema: CourseMember,
      },
      options,
    );
  }

  /** The owner removes a member; with your own id, you leave the course. */
  remove(courseId: string, userId: string, options?: RequestOptions): Promise<void> {
    return this.http.request(
      { method: "DELETE", path: `${coursePath(courseId)}/members/${encodeURIComponent(userId)}` },
      options,
    );
  }
}

/** Staff invitations: single-use links for one email address. */
export class InvitationsResource {
  constructor(private readonly http: HttpClient) {}

  /** The answer's `token` and `url` are in this answer only. Not retried (a retry would make a second link). */
  create(
    courseId: string,
    input: CreateInvitationRequest,
    options?: RequestOptions,
  ): Promise<CreatedInvitation> {
    return this.http.request(
      { method: "POST", path: `${coursePath(courseId)}/invitations`, body: input, schema: CreatedInvitation },
      options,
    );
  }

  /** What an invitation offers: course, role, and the address it is for. */
  preview(token: string, options?: RequestOptions): Promise<InvitationPreview> {
    return this.http.request(
      { method: "GET", path: `/invitations/${encodeURIComponent(token)}`, schema: InvitationPreview },
      options,
    );
  }

  accept(token: string, options?: RequestOptions): Promise<Course> {
    return this.http.request(
      { method: "POST", path: `/invitations/${encodeURIComponent(token)}/accept`, schema: Course },
      options,
    );
  }
}

/** Courses: `cg.courses.create({ name })`, `.join(code)`, `.members`, `.invitations`, `.embeds`. */
export class CoursesResource {
  readonly members: CourseMembersResource;
  readonly invitations: InvitationsResource;

  constructor(private readonly http: HttpClient) {
    this.members = new CourseMembersResource(http);
    this.invitations = new InvitationsResource(http);
  }

  /** The courses you belong to, with your role in each. */
  list(options?: RequestOptions): Promise<Course[]> {
    return this.http.request({ method: "GET", path: "/courses", schema: CourseList }, options);
  }

  /** A new course, owned by you. */
  create(input: CreateCourseRequest, options?: RequestOptions): Promise<Course> {
    return this.http.request({ method: "POST", path: "/courses", body: input, schema: Course }, options);
  }

  get(id: string, options?: RequestOptions): Promise<Course> {
    return this.http.request({ method: "GET", path: coursePath(id), schema: Course }, options);
  }

  update(id: string, input: UpdateCourseRequest, options?: RequestOptions): Promise<Course> {
    return this.http.request({ method: "PATCH", path: coursePath(id), body: input, schema: Course }, options);
  }

  delete(id: string, options?: RequestOptions): Promise<void> {
    return this.http.request({ method: "DELETE", path: coursePath(id) }, options);
  }

  /**
   * Erases one learner's data from the course (owner or instructor): their submissions in it, attempts,
   * tutor conversations and place on the roster; the gradebook drops them. `learnerId` is a portal
   * learner's user id (or `user:<id>`) or a site learner's ref (`sub:…`).
   */
  eraseLearner(courseId: string, learnerId: string, options?: RequestOptions): Promise<void> {
    return this.http.request(
      { method: "DELETE", path: `${coursePath(courseId)}/learners/${encodeURIComponent(learnerId)}` },
      options,
    );
  }

  /** Joins as a learner with the code the course's staff shared. */
  join(joinCode: string, options?: RequestOptions): Promise<Course> {
    return this.http.request(
      { method: "POST", path: "/courses/join", body: { joinCode }, schema: Course },
      options,
    );
  }

  /** A new join code; the old one stops working. */
  rotateJoinCode(id: string, options?: RequestOptions): Promise<Course> {
    return this.http.request(
      { method: "POST", path: `${coursePath(id)}/join-code`, schema: Course },
      options,
    );
  }

  /** Invites someone to the staff: shorthand for `invitations.create`. */
  invite(id: string, email: string, role: InvitedRole, options?: RequestOptions): Promise<CreatedInvitation> {
    return this.invitations.create(id, { email, role }, options);
  }

  /** The course's embeds (its staff). */
  embeds(id: string, options?: RequestOptions) {
    return this.http.request({ method: "GET", path: `${coursePath(id)}/embeds`, schema: EmbedList }, options);
  }

  /** An embed inside the course (owner and instructors); `secretKey` is in this answer only. */
  createEmbed(id: string, input: CreateEmbedRequest, options?: RequestOptions): Promise<EmbedWithSecret> {
    return this.http.request(
      { method: "POST", path: `${coursePath(id)}/embeds`, body: input, schema: EmbedWithSecret },
      options,
    );
  }
}
