// Rotating the service token: the node accepts SANDBOX_TOKEN and, while SANDBOX_PREVIOUS_TOKEN is
// set, the old one too; nothing else.
import type { AddressInfo } from "node:net";
import Koa from "koa";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settingsFromEnv } from "../src/config.js";
import { requireServiceToken } from "../src/http/auth.js";
import { errorHandler } from "../src/http/errors.js";

const NEW = "new-token-0123456789abcdef";
const OLD = "old-token-0123456789abcdef";

describe("the service token during a rotation", () => {
  let url = "";
  let close = () => {};

  beforeAll(async () => {
    const app = new Koa();
    app.use(errorHandler(pino({ level: "silent" })));
    app.use(requireServiceToken(NEW, OLD));
    app.use((ctx) => {
      ctx.body = { ok: true };
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  const status = async (token: string) =>
    (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).status;

  it("accepts the new token and the previous one", async () => {
    expect(await status(NEW)).toBe(200);
    expect(await status(OLD)).toBe(200);
  });

  it("refuses anything else, including either token with a character more or less", async () => {
    for (const token of [`${NEW}x`, NEW.slice(0, -1), `${OLD}x`, "wrong-token-entirely-here"]) {
      expect(await status(token)).toBe(401);
    }
  });

  it("reads SANDBOX_PREVIOUS_TOKEN (or its _FILE) and refuses a short one without showing it", () => {
    expect(settingsFromEnv({ SANDBOX_TOKEN: NEW, SANDBOX_PREVIOUS_TOKEN: OLD }).previousToken).toBe(OLD);
    expect(settingsFromEnv({ SANDBOX_TOKEN: NEW }).previousToken).toBeUndefined();
    expect(() => settingsFromEnv({ SANDBOX_TOKEN: NEW, SANDBOX_PREVIOUS_TOKEN: "short-secret" })).toThrow(
      /SANDBOX_PREVIOUS_TOKEN: at least 16 characters/,
    );
    try {
      settingsFromEnv({ SANDBOX_TOKEN: NEW, SANDBOX_PREVIOUS_TOKEN: "short-secret" });
    } catch (err) {
      expect((err as Error).message).not.toContain("short-secret");
    }
  });
});
