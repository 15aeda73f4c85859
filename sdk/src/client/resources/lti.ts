import {
  type CreateLtiRegistrationRequest,
  LtiRegistration,
  LtiRegistrationList,
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
