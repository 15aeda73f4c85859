import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CreateKeyRequest } from "@codeground/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalKms, createVault } from "../src/kms/index.js";
import { createAccounts, type Principal } from "../src/services/accounts.js";
import { createAuditLog } from "../src/services/audit.js";
import { loadAuditKey } from "../src/services/audit-key.js";
import { createKeys, type Keys } from "../src/services/keys.js";
import type { LookupAll } from "../src/services/provider-url.js";
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
    const { user } = await accounts.signup(
      { email: `rebind-${Date.now()}@example.com`, password: "correct horse battery staple" },
      {},
    );
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
