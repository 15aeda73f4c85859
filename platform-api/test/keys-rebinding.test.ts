import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { CreateKeyRequest } from "@codeground/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalKms, createVault } from "../src/kms/index.js";
import { createAccounts, type Principal, publicUser } from "../src/services/accounts/accounts.js";
import { createAuditLog } from "../src/services/audit/audit.js";
import { loadAuditKey } from "../src/services/audit/audit-key.js";
import { createKeys, type Keys } from "../src/services/vault/keys.js";
import type { LookupAll } from "../src/services/vault/provider-url.js";
import { fakeClock } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";

// The name server is played by the test: no name is resolved for real and no request leaves the
// process, because each refusal happens before any connection.
describe.each(databases)("a provider host that changes its DNS answer, on $name", (target) => {
  let db: TestDatabase;
  let kmsDir: string;
  let keys: Keys;
  let principal: Principal;
  let dnsAnswer: string[] = [];
  const lookup: LookupAll = async () =>
    dnsAnswer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

  beforeAll(async () => {
    db = await target.create();
    kmsDir = await mkdtemp(path.join(os.tmpdir(), "cg-kms-"));
    const secrets = createVault(await createLocalKms({ dir: kmsDir }));
    const clock = fakeClock();
    const audit = createAuditLog(db.knex, clock, await loadAuditKey(db.knex, secrets));
    keys = createKeys({ db: db.knex, secrets, audit, clock, lookup });
    const accounts = createAccounts({ db: db.knex, secrets, audit, clock });
    const email = `rebind-${Date.now()}@example.com`;
    await accounts.signup({ email, password: "correct horse battery staple" }, {});
    const user = publicUser(await db.knex("users").where({ email }).first());
    principal = { user, via: "session", scopes: ["read", "write", "keys"] };
  });

  afterAll(async () => {
    await db?.destroy();
    if (kmsDir) await rm(kmsDir, { recursive: true, force: true });
  });

  const create = (name: string) =>
    keys.create(
      principal,
      CreateKeyRequest.parse({
        name,
        provider: "openai-compatible",
        secret: "sk-rebinding-test-0123456789abcdef",
        baseUrl: "https://models.example.com/v1",
      }),
      {},
    );

  it("refuses at save time when the name resolves to a private address", async () => {
    dnsAnswer = ["93.184.216.34", "169.254.169.254"];
    await expect(create("saved while private")).rejects.toMatchObject({
      status: 400,
      code: "base_url_not_allowed",
    });
    dnsAnswer = [];
    await expect(create("saved while unresolvable")).rejects.toMatchObject({
      status: 400,
      code: "base_url_unresolvable",
    });
  });

  it("checks again at verify time: public when saved, private now, refused before connecting", async () => {
    dnsAnswer = ["93.184.216.34"];
    const key = await create("rebinding");
    expect(key.baseUrl).toBe("https://models.example.com/v1");
    dnsAnswer = ["10.0.0.5"];
    const refused = await keys.verify(principal, key.id, {}).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, type: "validation", code: "base_url_not_allowed" });
    expect((refused as Error).message).toContain("10.0.0.5");
    dnsAnswer = ["::ffff:127.0.0.1"];
    await expect(keys.verify(principal, key.id, {})).rejects.toMatchObject({ code: "base_url_not_allowed" });
    dnsAnswer = [];
    await expect(keys.verify(principal, key.id, {})).rejects.toMatchObject({
      status: 502,
      code: "provider_unreachable",
    });
    expect((await keys.get(principal, key.id)).lastUsedAt).toBeNull();
  });
});

// The connection itself: a name whose answer changes right after the check must still reach the
// address the check accepted. Two loopback servers on one port stand for the two answers; the
// name does not exist in real DNS, so only a pinned connection can reach either of them.
describe.each(databases)("key verification connects to the checked address only, on $name", (target) => {
  const host = "models.rebind.test";
  let db: TestDatabase;
  let kmsDir: string;
  let keys: Keys;
  let principal: Principal;
  let lookups = 0;
  const hits = { checked: 0, rebound: 0 };
  const servers: Server[] = [];
  let port = 0;
  // The first answer (the check) is 127.0.0.1; every later one is 127.0.0.2.
  const lookup: LookupAll = async () => {
    lookups += 1;
    return [{ address: lookups === 1 ? "127.0.0.1" : "127.0.0.2", family: 4 }];
  };

  beforeAll(async () => {
    const listen = (address: string, onHit: () => void, at = 0) =>
      new Promise<Server>((resolve, reject) => {
        const server = createServer((_req, res) => {
          onHit();
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ object: "list", data: [] }));
        });
        server.once("error", reject);
        server.listen(at, address, () => resolve(server));
      });
    const first = await listen("127.0.0.1", () => {
      hits.checked += 1;
    });
    port = (first.address() as AddressInfo).port;
    servers.push(first, await listen("127.0.0.2", () => (hits.rebound += 1), port));

    db = await target.create();
    kmsDir = await mkdtemp(path.join(os.tmpdir(), "cg-kms-"));
    const secrets = createVault(await createLocalKms({ dir: kmsDir }));
    const clock = fakeClock();
    const audit = createAuditLog(db.knex, clock, await loadAuditKey(db.knex, secrets));
    keys = createKeys({
      db: db.knex,
      secrets,
      audit,
      clock,
      lookup,
      allowPrivateProviderUrls: [`http://${host}:${port}`],
    });
    const accounts = createAccounts({ db: db.knex, secrets, audit, clock });
    const email = `pinned-${Date.now()}@example.com`;
    await accounts.signup({ email, password: "correct horse battery staple" }, {});
    const user = publicUser(await db.knex("users").where({ email }).first());
    principal = { user, via: "session", scopes: ["read", "write", "keys"] };
  });

  afterAll(async () => {
    await db?.destroy();
    if (kmsDir) await rm(kmsDir, { recursive: true, force: true });
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it("verifies against the first answer even though the name now resolves elsewhere", async () => {
    const key = await keys.create(
      principal,
      CreateKeyRequest.parse({
        name: "pinned",
        provider: "openai-compatible",
        secret: "sk-pinned-test-0123456789abcdef",
        baseUrl: `http://${host}:${port}/v1`,
      }),
      {},
    );
    lookups = 0;
    const verdict = await keys.verify(principal, key.id, {});
    expect(verdict.ok).toBe(true);
    expect(hits).toEqual({ checked: 1, rebound: 0 });
    expect(lookups).toBeGreaterThanOrEqual(1);
  });
});
