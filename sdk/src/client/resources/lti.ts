import {
  type CreateLtiRegistrationRequest,
  type DynamicLtiRegistrationRequest,
  LtiCourseLink,
  LtiRegistration,
  LtiRegistrationList,
  LtiRosterSyncResult,
  type LtiScoreDelivery,
  LtiScoreDeliveryList,
} from "../../schemas/lti.js";
import type { HttpClient, RequestOptions } from "../http.js";

const registrationPath = (id: string) => `/lti/registrations/${encodeURIComponent(id)}`;

/** Learning platforms you registered this tool with by hand (LTI 1.3). */
export class LtiRegistrationsResource {
  constructor(private readonly http: HttpClient) {}

  list(options?: RequestOptions): Promise<LtiRegistration[]> {
    return this.http.request(
      { method: "GET", path: "/lti/registrations", schema: LtiRegistrationList },
      options,
    );
  }

  /** A duplicate issuer and client id is a `ConflictError`. Not retried (POST). */
  create(input: CreateLtiRegistrationRequest, options?: RequestOptions): Promise<LtiRegistration> {
    return this.http.request(
      { method: "POST", path: "/lti/registrations", body: input, schema: LtiRegistration },
      options,
    );
  }

  /**
   * LTI Dynamic Registration with the platform whose OpenID configuration URL and registration
   * token its administrator got (what `/lti/register` does in a browser). Not retried (POST).
   */
  registerDynamically(
    input: DynamicLtiRegistrationRequest,
    options?: RequestOptions,
  ): Promise<LtiRegistration> {
    return this.http.request(
      { method: "POST", path: "/lti/registrations/dynamic", body: input, schema: LtiRegistration },
      options,
    );
  }

  /** Its contexts' courses stay; launches from that platform are refused from then on. */
  remove(id: string, options?: RequestOptions): Promise<void> {
    return this.http.request({ method: "DELETE", path: registrationPath(id) }, options);
  }
}

/** LTI 1.3: `cg.lti.registrations`. */
export class LtiResource {
  readonly registrations: LtiRegistrationsResource;

  constructor(private readonly http: HttpClient) {
    this.registrations = new LtiRegistrationsResource(http);
  }

  /** The LMS courses a course is linked to, and whether their roster can be imported (staff). */
  courseLink(courseId: string, options?: RequestOptions): Promise<LtiCourseLink> {
    return this.http.request(
      { method: "GET", path: `/courses/${encodeURIComponent(courseId)}/lti`, schema: LtiCourseLink },
      options,
    );
  }

  /**
   * Imports the course's roster from the LMS (Names and Role Provisioning): learners become the
   * course's learners. Owner and instructors only; a course not linked to an LMS is a
   * `ConflictError`. Safe to repeat, but not retried (POST).
   */
  syncRoster(courseId: string, options?: RequestOptions): Promise<LtiRosterSyncResult> {
    return this.http.request(
      {
        method: "POST",
        path: `/courses/${encodeURIComponent(courseId)}/lti/roster-sync`,
        schema: LtiRosterSyncResult,
      },
      options,
    );
  }

  /**
   * Scores sent to the LMS for a course's learners (grade passback), newest first: status,
   * attempts and the last error. The course's staff only.
   */
  scoreDeliveries(courseId: string, options?: RequestOptions): Promise<LtiScoreDelivery[]> {
    return this.http.request(
      {
        method: "GET",
        path: `/courses/${encodeURIComponent(courseId)}/lti/score-deliveries`,
        schema: LtiScoreDeliveryList,
      },
      options,
    );
  }
}
