import { Codeground, ConflictError, LtiRegistration, NotFoundError } from "@codeground/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";
import { signup } from "./support/embeds.js";
import { type LtiSigner, startLtiSigner } from "./support/lti-signer.js";

let n = 0;

describe.each(databases)("LTI registrations by hand on $name", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let platform: LtiSigner;
  let owner: { token: string; userId: string };
  let other: { token: string; userId: string };

  const registration = (overrides: Record<string, unknown> = {}) => ({
    name: "Moodle",
    issuer: platform.issuer,
    clientId: `client-${++n}`,
    deploymentIds: ["deployment-1", "deployment-2"],
    authLoginUrl: platform.authUrl,
    authTokenUrl: platform.tokenUrl,
    keysetUrl: platform.jwksUrl,
    ...overrides,
  });

  beforeAll(async () => {
    platform = await startLtiSigner();
    const database = await target.create();
    destroy = database.destroy;
    // The test platform listens on loopback over plain http: an operator's allowance, as in production.
    api = await startApi(database.knex, { allowPrivateProviderUrls: [platform.origin] });
    owner = await signup(api, "learner");
    other = await signup(api, "learner");
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
    await platform?.close();
  });

  it("registers a platform for the signed-in user, lists it with the tool's URLs, and audits it", async () => {
    const input = registration();
    const res = await api.call("POST", "/api/v1/lti/registrations", { token: owner.token, body: input });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const created = LtiRegistration.parse(res.body);
    expect(created).toMatchObject({
      name: "Moodle",
      issuer: platform.issuer,
      clientId: input.clientId,
      deploymentIds: ["deployment-1", "deployment-2"],
      keysetUrl: platform.jwksUrl,
      tool: {
        loginUrl: `${PUBLIC_URL}/lti/login`,
        launchUrl: `${PUBLIC_URL}/lti/launch`,
        jwksUrl: `${PUBLIC_URL}/lti/jwks`,
      },
    });
    const list = await api.call("GET", "/api/v1/lti/registrations", { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.map((r: LtiRegistration) => r.id)).toContain(created.id);
    const others = await api.call("GET", "/api/v1/lti/registrations", { token: other.token });
    expect(others.body).toEqual([]);
    const audit = await api
      .db("audit_log")
      .where({ action: "lti.registration_created", target_id: created.id });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(owner.userId);
  });

  it("answers 409 to an issuer and client id registered already, whoever registered it", async () => {
    const input = registration();
    expect(
      (await api.call("POST", "/api/v1/lti/registrations", { token: owner.token, body: input })).status,
    ).toBe(201);
    for (const token of [owner.token, other.token]) {
      const again = await api.call("POST", "/api/v1/lti/registrations", { token, body: input });
      expectError(again, 409, "lti_registration_exists");
    }
    // The same issuer with another client id is another registration.
    const otherClient = await api.call("POST", "/api/v1/lti/registrations", {
      token: other.token,
      body: { ...input, clientId: `${input.clientId}-b` },
    });
    expect(otherClient.status).toBe(201);
  });

  it("refuses platform URLs that are not https or reach private addresses the operator did not allow", async () => {
    for (const [field, url] of [
      ["keysetUrl", "http://10.0.0.8/jwks"],
      ["authTokenUrl", "https://127.0.0.1:1/token"],
      ["authLoginUrl", "http://169.254.169.254/latest"],
    ] as const) {
      const res = await api.call("POST", "/api/v1/lti/registrations", {
        token: owner.token,
        body: registration({ [field]: url }),
      });
      const error = expectError(res, 400, "lti_url_not_allowed");
      expect(error.details).toEqual([expect.objectContaining({ path: field })]);
    }
  });

  it("validates the request: deployment ids, issuer, unknown fields", async () => {
    for (const body of [
      registration({ deploymentIds: [] }),
      registration({ deploymentIds: ["a", "a"] }),
      registration({ issuer: "not a url" }),
      registration({ clientId: "" }),
      registration({ keysetUrl: "ftp://lms.example.edu/jwks" }),
      { ...registration(), secretKey: "x" },
    ]) {
      expectError(
        await api.call("POST", "/api/v1/lti/registrations", { token: owner.token, body }),
        400,
        "invalid_request",
      );
    }
    expectError(await api.call("POST", "/api/v1/lti/registrations", { body: registration() }), 401);
  });

  it("deletes only the caller's own registrations: another user's id is a 404", async () => {
    const res = await api.call("POST", "/api/v1/lti/registrations", {
      token: owner.token,
      body: registration(),
    });
    const id = res.body.id as string;
    expectError(
      await api.call("DELETE", `/api/v1/lti/registrations/${id}`, { token: other.token }),
      404,
      "lti_registration_not_found",
    );
    expectError(await api.call("DELETE", "/api/v1/lti/registrations/not-an-id", { token: owner.token }), 404);
    expect((await api.call("DELETE", `/api/v1/lti/registrations/${id}`, { token: owner.token })).status).toBe(
      204,
    );
    expectError(await api.call("DELETE", `/api/v1/lti/registrations/${id}`, { token: owner.token }), 404);
    expect(await api.db("lti_deployments").where({ registration_id: id })).toEqual([]);
    expect(
      await api.db("audit_log").where({ action: "lti.registration_deleted", target_id: id }),
    ).toHaveLength(1);
  });

  it("works through the SDK: cg.lti.registrations list, create and remove, with typed errors", async () => {
    const cg = new Codeground({ baseUrl: api.url, token: owner.token });
    const input = registration({ name: undefined });
    const created = await cg.lti.registrations.create(input);
    expect(created.name).toBeNull();
    await expect(cg.lti.registrations.create(input)).rejects.toBeInstanceOf(ConflictError);
    expect((await cg.lti.registrations.list()).some((r) => r.id === created.id)).toBe(true);
    await cg.lti.registrations.remove(created.id);
    await expect(cg.lti.registrations.remove(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
