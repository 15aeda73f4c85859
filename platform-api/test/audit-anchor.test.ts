import { randomBytes } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { type AuditLog, createAuditLog } from "../src/services/audit/audit.js";
import { fakeClock } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";

// The chain shows a row edited or deleted in the middle; the anchor shows rows cut off the end.
describe.each(databases)("the audit log's anchored tail, on $name", (target) => {
  const key = randomBytes(32);
  let db: TestDatabase;
  let audit: AuditLog;
  const dbs: TestDatabase[] = [];

  beforeEach(async () => {
    db = await target.create();
    dbs.push(db);
    audit = createAuditLog(db.knex, fakeClock(), key);
  });

  afterAll(async () => {
    for (const d of dbs) await d.destroy();
  });

  const append = async (n: number) => {
    for (let i = 0; i < n; i++) await audit.record({ action: "test.event", details: { i } });
  };
  const lastId = async () => (await db.knex("audit_log").max({ id: "id" }).first())?.id as number;

  it("verifies an untouched log, anchoring it from the first entry", async () => {
    expect(await audit.verify()).toEqual({ ok: true, rows: 0 });
    await append(5);
    expect(await audit.verify()).toEqual({ ok: true, rows: 5 });
    const anchor = await db.knex("audit_anchor").where({ id: 1 }).first();
    expect(Number(anchor.entries)).toBe(5);
    expect(anchor.last_id).toBe(await lastId());
  });

  it("reports entries cut off the end, and keeps reporting them after later entries", async () => {
    await append(4);
    const tail = await lastId();
    await db.knex("audit_log").where({ id: tail }).delete();
    expect(await audit.verify()).toMatchObject({
      ok: false,
      rows: 3,
      firstBadId: tail,
      reason: "1 entry is missing from the end of the log",
    });
    // New entries are kept, and do not cover the gap up.
    await append(2);
    const after = await audit.verify();
    expect(after.ok).toBe(false);
    expect(after.reason).toMatch(/do not match its anchor|missing from the end/);
    expect(Number((await db.knex("audit_log").count({ n: "*" }).first())?.n)).toBe(5);
  });

  it("reports several entries cut off at once", async () => {
    await append(6);
    const tail = await lastId();
    await db
      .knex("audit_log")
      .where("id", ">", tail - 3)
      .delete();
    expect(await audit.verify()).toMatchObject({
      ok: false,
      rows: 3,
      reason: "3 entries are missing from the end of the log",
    });
  });

  it("refuses an anchor edited to match a shortened log", async () => {
    await append(4);
    const tail = await lastId();
    await db.knex("audit_log").where({ id: tail }).delete();
    const last = await db.knex("audit_log").orderBy("id", "desc").first();
    await db
      .knex("audit_anchor")
      .where({ id: 1 })
      .update({ entries: 3, last_id: last.id, last_hash: last.hash });
    expect(await audit.verify()).toMatchObject({ ok: false, reason: "the chain's anchor was altered" });
    // An entry after that leaves the altered anchor alone, so the report stays.
    await append(1);
    expect(await audit.verify()).toMatchObject({ ok: false, reason: "the chain's anchor was altered" });
  });

  it("treats a deleted anchor as tampering, and still records new entries", async () => {
    await append(2);
    await db.knex("audit_anchor").delete();
    await append(1);
    expect(Number((await db.knex("audit_log").count({ n: "*" }).first())?.n)).toBe(3);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      reason: expect.stringContaining("anchor is missing"),
    });
  });

  it("anchors a log written before anchors existed once, at start, after checking its chain", async () => {
    await append(3);
    await db.knex("audit_anchor").update({ mac: null });
    expect(await audit.verify()).toMatchObject({
      ok: false,
      reason: expect.stringContaining("not anchored"),
    });
    await audit.anchorPending();
    expect(await audit.verify()).toEqual({ ok: true, rows: 3 });
    // A broken chain is not anchored over.
    await db.knex("audit_anchor").update({ mac: null });
    const first = await db.knex("audit_log").orderBy("id").first();
    await db.knex("audit_log").where({ id: first.id }).update({ action: "test.edited" });
    await audit.anchorPending();
    expect((await db.knex("audit_anchor").first()).mac).toBeNull();
    expect(await audit.verify()).toMatchObject({
      ok: false,
      firstBadId: first.id,
      reason: "row content changed",
    });
  });

  it("keeps one chain when two servers append at the same time", async () => {
    const other = createAuditLog(db.knex, fakeClock(), key);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? audit : other).record({ action: "test.concurrent", details: { i } }),
      ),
    );
    expect(await audit.verify()).toEqual({ ok: true, rows: 40 });
  });
});
