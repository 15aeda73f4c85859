import { expect } from "vitest";
import { PUBLIC_URL, type TestApi } from "./api.js";
import { harvestSecrets } from "./leaks.js";
import {
  type LaunchRequest,
  type LtiPlatform,
  type RegistrationInfo,
  readAutoSubmitForm,
} from "./lti-platform.js";

/**
 * The platform simulator and the tool under test, wired without a browser: the simulator knows
 * the tool by its loopback address for login and JWKS (so it can check client assertions), and by
 * `PUBLIC_URL` for the launch (the target link the tool accepts).
 */
export async function registerWithPlatform(
  api: TestApi,
  platform: LtiPlatform,
  ownerToken: string,
  options: { scopes?: string[] } = {},
): Promise<RegistrationInfo & { registrationId: string }> {
  const info = platform.register({
    name: "Codeground",
    toolJwksUrl: `${api.url}/lti/jwks`,
    toolLoginUrl: `${api.url}/lti/login`,
    toolLaunchUrl: `${PUBLIC_URL}/lti/launch`,
    ...(options.scopes ? { scopes: options.scopes } : {}),
  });
  const res = await api.call("POST", "/api/v1/lti/registrations", {
    token: ownerToken,
    body: {
      issuer: info.issuer,
      clientId: info.clientId,
      deploymentIds: [info.deploymentId],
      authLoginUrl: info.authUrl,
      authTokenUrl: info.tokenUrl,
      keysetUrl: info.jwksUrl,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...info, registrationId: res.body.id as string };
}

/**
 * A launch as a browser makes it: third-party login at the tool, the platform's auth endpoint,
 * and the id_token form post back to the tool with the state cookie. Answers the launch page.
 */
export async function launchThroughPlatform(
  api: TestApi,
  platform: LtiPlatform,
  request: LaunchRequest,
): Promise<{ status: number; text: string }> {
  const init = platform.loginInitiation(request);
  // A dynamically registered tool gave the platform its PUBLIC_URL endpoints: reach them on loopback.
  const login = await fetch(init.url.replace(PUBLIC_URL, api.url), { redirect: "manual" });
  expect(login.status, await login.clone().text()).toBe(302);
  const cookie = (login.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
  const auth = await fetch(login.headers.get("Location") ?? "", { redirect: "manual" });
  const { fields } = readAutoSubmitForm(await auth.text());
  if (fields.id_token) harvestSecrets({ token: fields.id_token });
  const launch = await fetch(`${api.url}/lti/launch`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: launch.status, text: await launch.text() };
}

/** The course a staff launch opened, from its launch page. */
export function launchedCourse(page: string): string {
  const id = /data-course="([^"]+)"/.exec(page)?.[1];
  if (!id) throw new Error(`the launch page names no course: ${page.slice(0, 500)}`);
  return id;
}
