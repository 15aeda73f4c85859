import { randomUUID } from "node:crypto";
import { type CreateLtiRegistrationRequest, LtiRegistration } from "@codeground/sdk";
import type { Knex } from "knex";
import type { z } from "zod";
import { fail } from "../../http/errors.js";
import type { Principal, RequestMeta } from "../accounts/accounts.js";
import type { AuditLog } from "../audit/audit.js";
import { type Clock, iso } from "../shared/clock.js";
import type { PrivateOrigins } from "../vault/private-origins.js";
import { checkProviderUrl, type LookupAll } from "../vault/provider-url.js";

/** A user may keep this many platform registrations. */
export const MAX_LTI_REGISTRATIONS_PER_USER = 50;

export interface RegistrationRow {
  id: string;
  owner_id: string;
  name: string | null;
  issuer: string;
  client_id: string;
  auth_login_url: string;
  auth_token_url: string;
  keyset_url: string;
  created_at: string;
  updated_at: string;
}

/** A registration as launches use it: the row and its deployment ids. */
export interface PlatformRegistration {
  id: string;
  ownerId: string;
  issuer: string;
  clientId: string;
  authLoginUrl: string;
  authTokenUrl: string;
  keysetUrl: string;
  deploymentIds: string[];
}

export interface RegistrationDeps {
  db: Knex;
  audit: AuditLog;
  clock: Clock;
  /** `PUBLIC_URL`: the tool's own endpoints are shown to the owner to paste into the platform. */
  publicUrl: string;
  /** Origins allowed although private or plain http (`ALLOW_PRIVATE_PROVIDER_URLS`). */
  allowPrivateOrigins: PrivateOrigins;
  lookup?: LookupAll;
}

const URL_FIELDS = ["authLoginUrl", "authTokenUrl", "keysetUrl"] as const;

/** Platforms registered by hand: each belongs to the user who registered it. */
export function createRegistrations({
  db,
  audit,
  clock,
  publicUrl,
  allowPrivateOrigins,
  lookup,
}: RegistrationDeps) {
  const base = publicUrl.replace(/\/+$/, "");
  const tool = {
    loginUrl: `${base}/lti/login`,
    launchUrl: `${base}/lti/launch`,
    jwksUrl: `${base}/lti/jwks`,
    registerUrl: `${base}/lti/register`,
  };
  const registrations = () => db<RegistrationRow>("lti_registrations");

  const deploymentsOf = async (ids: string[]) => {
    const rows = ids.length
      ? await db("lti_deployments").whereIn("registration_id", ids).orderBy("deployment_id")
      : [];
    const map = new Map<string, string[]>();
    for (const r of rows)
      map.set(r.registration_id, [...(map.get(r.registration_id) ?? []), r.deployment_id]);
    return map;
  };

  const view = (row: RegistrationRow, deploymentIds: string[]): LtiRegistration =>
    LtiRegistration.parse({
      id: row.id,
      name: row.name,
      issuer: row.issuer,
      clientId: row.client_id,
      deploymentIds,
      authLoginUrl: row.auth_login_url,
      authTokenUrl: row.auth_token_url,
      keysetUrl: row.keyset_url,
      tool,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });

  /** The platform's endpoints must be https and public, as provider URLs are (the JWKS is fetched by us). */
  async function assertUrls(input: z.output<typeof CreateLtiRegistrationRequest>) {
    const details: { path: string; message: string }[] = [];
    for (const field of URL_FIELDS) {
      const check = await checkProviderUrl(input[field], {
        allowPrivateOrigins,
        ...(lookup ? { lookup } : {}),
      });
      if (!check.ok) {
        details.push({
          path: field,
          message:
            check.reason === "unresolvable"
              ? "the host of this URL could not be found; check the address"
              : "use an https:// URL that reaches a public address; loopback, private and cloud-metadata addresses are refused",
        });
      }
    }
    if (details.length)
      throw fail.validation("lti_url_not_allowed", "Some platform URLs are not allowed.", details);
  }

  const record = (principal: Principal, row: RegistrationRow, action: string, meta: RequestMeta) =>
    audit.record({
      action,
      actorId: principal.user.id,
      targetType: "lti_registration",
      targetId: row.id,
      details: { issuer: row.issuer, clientId: row.client_id, name: row.name },
      ip: meta.ip ?? null,
      userAgent: meta.userAgent ?? null,
      requestId: meta.requestId ?? null,
    });

  async function resolve(row: RegistrationRow): Promise<PlatformRegistration> {
    const deployments = await deploymentsOf([row.id]);
    return {
      id: row.id,
      ownerId: row.owner_id,
      issuer: row.issuer,
      clientId: row.client_id,
      authLoginUrl: row.auth_login_url,
      authTokenUrl: row.auth_token_url,
      keysetUrl: row.keyset_url,
      deploymentIds: deployments.get(row.id) ?? [],
    };
  }

  return {
    /** The tool's endpoints, as the platform's administrator enters them. */
    tool,

    async list(principal: Principal): Promise<LtiRegistration[]> {
      const rows = await registrations()
        .where({ owner_id: principal.user.id })
        .orderBy("created_at")
        .orderBy("id");
      const deployments = await deploymentsOf(rows.map((r) => r.id));
      return rows.map((r) => view(r, deployments.get(r.id) ?? []));
    },

    async create(
      principal: Principal,
      input: z.output<typeof CreateLtiRegistrationRequest>,
      meta: RequestMeta,
    ): Promise<LtiRegistration> {
      await assertUrls(input);
      const count = await registrations().where({ owner_id: principal.user.id }).count({ n: "*" }).first();
      if (Number(count?.n ?? 0) >= MAX_LTI_REGISTRATIONS_PER_USER) {
        throw fail.conflict(
          "lti_registration_limit_reached",
          `You can keep at most ${MAX_LTI_REGISTRATIONS_PER_USER} platform registrations; delete one first.`,
        );
      }
      const duplicate = () =>
        fail.conflict(
          "lti_registration_exists",
          "This platform (issuer and client id) is already registered with Codeground.",
        );
      if (await registrations().where({ issuer: input.issuer, client_id: input.clientId }).first("id")) {
        throw duplicate();
      }
      const at = iso(clock.now());
      const row: RegistrationRow = {
        id: randomUUID(),
        owner_id: principal.user.id,
        name: input.name ?? null,
        issuer: input.issuer,
        client_id: input.clientId,
        auth_login_url: input.authLoginUrl,
        auth_token_url: input.authTokenUrl,
        keyset_url: input.keysetUrl,
        created_at: at,
        updated_at: at,
      };
      try {
        await db.transaction(async (trx) => {
          await trx("lti_registrations").insert(row);
          await trx("lti_deployments").insert(
            input.deploymentIds.map((deploymentId) => ({
              registration_id: row.id,
              deployment_id: deploymentId,
              created_at: at,
            })),
          );
        });
      } catch (err) {
        // Registered by someone else between the check and the insert: the unique index decides.
        if (await registrations().where({ issuer: input.issuer, client_id: input.clientId }).first("id")) {
          throw duplicate();
        }
        throw err;
      }
      await record(principal, row, "lti.registration_created", meta);
      return view(row, [...input.deploymentIds].sort());
    },

    /** Someone else's id is a 404, as an unknown one. */
    async remove(principal: Principal, id: string, meta: RequestMeta): Promise<void> {
      const row = /^[0-9a-f-]{36}$/i.test(id)
        ? await registrations().where({ id, owner_id: principal.user.id }).first()
        : undefined;
      if (!row) throw fail.notFound("lti_registration_not_found", "No such LTI registration.");
      await registrations().where({ id: row.id }).delete();
      await record(principal, row, "lti.registration_deleted", meta);
    },

    /**
     * The registration a platform's issuer and client id name (client id optional: the only one);
     * `ambiguous` when the issuer alone names several.
     */
    async byIssuer(
      issuer: string,
      clientId?: string,
    ): Promise<PlatformRegistration | "ambiguous" | undefined> {
      const q = registrations().where({ issuer });
      const rows =
        clientId !== undefined ? await q.where({ client_id: clientId }).limit(2) : await q.limit(2);
      if (rows.length > 1) return "ambiguous";
      const row = rows[0];
      return row ? resolve(row) : undefined;
    },

    async byId(id: string): Promise<PlatformRegistration | undefined> {
      const row = await registrations().where({ id }).first();
      return row ? resolve(row) : undefined;
    },
  };
}

export type Registrations = ReturnType<typeof createRegistrations>;
