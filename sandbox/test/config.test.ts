import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { settingsFromEnv } from "../src/config.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "cg-sandbox-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function secretFile(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content, { mode: 0o400 });
  return file;
}

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    settingsFromEnv(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("settingsFromEnv accepted the settings");
}

const token = "sandbox-token-0123456789abcdef";

describe("sandbox settings", () => {
  it("reads SANDBOX_TOKEN from SANDBOX_TOKEN_FILE, dropping the trailing line break", () => {
    expect(settingsFromEnv({ SANDBOX_TOKEN_FILE: secretFile("token", `${token}\n`) }).token).toBe(token);
    expect(settingsFromEnv({ SANDBOX_TOKEN: token }).token).toBe(token);
  });

  it("reads a file only for the token: SANDBOX_PORT_FILE and SANDBOX_HOST_FILE change nothing", () => {
    const settings = settingsFromEnv({
      SANDBOX_PORT_FILE: secretFile("port", "9999\n"),
      SANDBOX_HOST_FILE: secretFile("host", "0.0.0.0\n"),
    });
    expect(settings.port).toBe(7070);
    expect(settings.host).toBe("127.0.0.1");
  });

  it("refuses the token given both ways, naming both variables and no value", () => {
    const message = refusal({ SANDBOX_TOKEN: token, SANDBOX_TOKEN_FILE: secretFile("both", `${token}\n`) });
    expect(message).toBe(
      "Invalid sandbox settings: SANDBOX_TOKEN and SANDBOX_TOKEN_FILE are both set; keep one of them",
    );
  });

  it("refuses a missing, empty or several-line token file, naming the variable and the path only", () => {
    const missing = path.join(dir, "missing");
    expect(refusal({ SANDBOX_TOKEN_FILE: missing })).toBe(
      `Invalid sandbox settings: SANDBOX_TOKEN_FILE: ${missing} does not exist`,
    );
    const empty = secretFile("empty", "");
    expect(refusal({ SANDBOX_TOKEN_FILE: empty })).toContain(`SANDBOX_TOKEN_FILE: ${empty} is empty`);
    const twoLines = secretFile("two", `${token}\nanother-secret-line\n`);
    const message = refusal({ SANDBOX_TOKEN_FILE: twoLines });
    expect(message).toContain(`SANDBOX_TOKEN_FILE: ${twoLines} holds more than one line`);
    expect(message).not.toContain(token);
    expect(message).not.toContain("another-secret-line");
    expect(refusal({ SANDBOX_TOKEN_FILE: dir })).toContain(`${dir} is not a regular file`);
  });

  it("keeps refusing a bad plain setting as before", () => {
    expect(refusal({ SANDBOX_PORT: "70000" })).toMatch(/^Invalid sandbox settings: SANDBOX_PORT: /);
  });

  it("keeps every language warm by default, or those SANDBOX_WARM_LANGUAGES lists", () => {
    expect(settingsFromEnv({}).config.warmLanguages).toBeUndefined();
    expect(settingsFromEnv({ SANDBOX_WARM_LANGUAGES: "all" }).config.warmLanguages).toBeUndefined();
    expect(settingsFromEnv({ SANDBOX_WARM_LANGUAGES: " python, go ,java" }).config.warmLanguages).toEqual([
      "python",
      "go",
      "java",
    ]);
    expect(settingsFromEnv({ SANDBOX_WARM_LANGUAGES: "" }).config.warmLanguages).toEqual([]);
    expect(refusal({ SANDBOX_WARM_LANGUAGES: "python,Go!" })).toMatch(/SANDBOX_WARM_LANGUAGES/);
  });
});
