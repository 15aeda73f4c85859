import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePrivateOrigins } from "../src/services/vault/private-origins.js";
import { blockedReason, checkProviderUrl, type LookupAll } from "../src/services/vault/provider-url.js";

// No test here resolves a real name: DNS answers come from `answers`, and no request is sent.
const answers =
  (...addresses: string[]): LookupAll =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
const noDns: LookupAll = async () => {
  throw new Error("this test must not resolve names");
};
const none = parsePrivateOrigins([]);

describe("provider base URL guard", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.10", "private"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.100.100.200", "carrier-grade NAT"],
    ["224.0.0.1", "multicast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "unique-local"],
    ["fd00:ec2::254", "unique-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["64:ff9b::a00:1", "private"],
    ["2002:c0a8:101::1", "private"],
  ])("refuses %s (%s)", (address, kind) => {
    expect(blockedReason(address)).toContain(kind);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])(
    "lets the public address %s through",
    (address) => {
      expect(blockedReason(address)).toBeUndefined();
    },
  );

  it("refuses every address in 10/8, 172.16/12, 192.168/16, 127/8 and 169.254/16", () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(octet, octet, octet, fc.integer({ min: 0, max: 4 }), (b, c, d, which) => {
        const address = [
          `10.${b}.${c}.${d}`,
          `172.${16 + (b % 16)}.${c}.${d}`,
          `192.168.${c}.${d}`,
          `127.${b}.${c}.${d}`,
          `169.254.${c}.${d}`,
        ][which] as string;
        expect(blockedReason(address)).toBeDefined();
        expect(blockedReason(`::ffff:${address}`)).toBeDefined();
      }),
    );
  });

  it.each([
    "https://127.0.0.1/v1",
    "https://2130706433/v1",
    "https://0x7f.0.0.1/v1",
    "https://0/v1",
    "https://[::1]/v1",
    "https://[::ffff:127.0.0.1]/v1",
    "https://169.254.169.254/latest/meta-data",
    "https://[fd00:ec2::254]/",
    "https://localhost/v1",
    "https://LOCALHOST./v1",
    "https://api.localhost/v1",
  ])("refuses %s without asking DNS", async (raw) => {
    const check = await checkProviderUrl(raw, { allowPrivateOrigins: none, lookup: noDns });
    expect(check).toMatchObject({ ok: false, reason: "not_allowed" });
    if (!check.ok) expect(check.message).toContain("ALLOW_PRIVATE_PROVIDER_URLS");
  });

  it("refuses plain http to a public address, and accepts https to it", async () => {
    const policy = { allowPrivateOrigins: none, lookup: noDns };
    expect(await checkProviderUrl("http://8.8.8.8/v1", policy)).toMatchObject({ ok: false });
    expect(await checkProviderUrl("https://8.8.8.8/v1", policy)).toMatchObject({ ok: true });
  });

  it("refuses a name that resolves to any private address, even among public ones", async () => {
    const check = await checkProviderUrl("https://models.example.com/v1", {
      allowPrivateOrigins: none,
      lookup: answers("93.184.216.34", "10.0.0.7"),
    });
    expect(check).toMatchObject({ ok: false, reason: "not_allowed" });
    if (!check.ok) expect(check.message).toContain("10.0.0.7");
    expect(
      await checkProviderUrl("https://models.example.com/v1", {
        allowPrivateOrigins: none,
        lookup: answers("93.184.216.34", "2606:4700::1"),
      }),
    ).toMatchObject({ ok: true });
  });

  it("says when a name cannot be resolved", async () => {
    const check = await checkProviderUrl("https://nowhere.example/v1", {
      allowPrivateOrigins: none,
      lookup: answers(),
    });
    expect(check).toMatchObject({ ok: false, reason: "unresolvable" });
  });

  it("lets an operator allow a private origin, plain http included, and only that origin", async () => {
    const policy = {
      allowPrivateOrigins: parsePrivateOrigins([
        "http://127.0.0.1:11434",
        " http://[::1]:8000 ",
        "http://Models.Internal",
      ]),
      lookup: noDns,
    };
    expect(await checkProviderUrl("http://127.0.0.1:11434/v1", policy)).toMatchObject({ ok: true });
    expect(await checkProviderUrl("http://[::1]:8000/v1", policy)).toMatchObject({ ok: true });
    expect(await checkProviderUrl("http://models.internal./v1", policy)).toMatchObject({ ok: true });
    expect(await checkProviderUrl("http://127.0.0.2:11434/v1", policy)).toMatchObject({ ok: false });
    expect(await checkProviderUrl("https://localhost/v1", policy)).toMatchObject({ ok: false });
  });

  it("refuses URLs that are not http(s) or carry credentials", async () => {
    const policy = { allowPrivateOrigins: parsePrivateOrigins(["http://127.0.0.1"]), lookup: noDns };
    for (const raw of ["ftp://127.0.0.1/", "file:///etc/passwd", "http://u:p@127.0.0.1/", "not a url"]) {
      expect(await checkProviderUrl(raw, policy)).toMatchObject({ ok: false, reason: "not_allowed" });
    }
  });
});
