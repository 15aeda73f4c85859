import { describe, expect, it } from "vitest";
import { WidgetApiError } from "../src/api.js";
import { LOCALES, type Locale, Translator } from "../src/i18n.js";
import { connectUrl } from "../src/key-grant.js";
import { errorSaid, richText, SaidError, sayIn } from "../src/keys-said.js";
import { connectMessages, isConnectKey } from "../src/locales/connect/index.js";
import { type KeysKey, keysMessages } from "../src/locales/keys/index.js";

async function keysIn(locale: Locale): Promise<Translator<KeysKey>> {
  const messages = locale === "en" ? keysMessages.english : (await keysMessages.load[locale]()).default;
  return new Translator(locale, messages, keysMessages.english);
}

/** A number as the locale writes it (French groups with a narrow no-break space, say). */
const n = (locale: Locale, value: number) => new Intl.NumberFormat(locale).format(value);

describe("the keys manager's counts", () => {
  it("says calls and tokens in English's two forms", async () => {
    const t = await keysIn("en");
    expect(t.t("calls", { count: 1 })).toBe("1 call");
    expect(t.t("calls", { count: 0 })).toBe("0 calls");
    expect(t.t("tokens", { count: 1 })).toBe("1 token this month");
    expect(t.t("tokens", { count: 12345 })).toBe("12,345 tokens this month");
  });

  it("chooses each locale's plural form, with numbers written for it", async () => {
    const fr = await keysIn("fr");
    // French counts zero as singular.
    expect(fr.t("calls", { count: 0 })).toBe("0 appel");
    expect(fr.t("calls", { count: 1234 })).toBe(`${n("fr", 1234)} appels`);
    const de = await keysIn("de");
    expect(de.t("calls", { count: 1 })).toBe("1 Aufruf");
    expect(de.t("tokens", { count: 1234 })).toBe(`${n("de", 1234)} Tokens diesen Monat`);
    const pt = await keysIn("pt-BR");
    expect(pt.t("calls", { count: 0 })).toBe("0 chamada");
    expect(pt.t("calls", { count: 2 })).toBe("2 chamadas");
    const es = await keysIn("es");
    expect(es.t("calls", { count: 0 })).toBe("0 llamadas");
    const zh = await keysIn("zh-CN");
    expect(zh.t("calls", { count: 1 })).toBe("1 次调用");
    expect(zh.t("tokens", { count: 5 })).toBe("本月 5 个令牌");
  });

  it("has Arabic's six forms: zero, one, two, few, many, other", async () => {
    const ar = await keysIn("ar");
    expect(ar.t("calls", { count: 0 })).toBe("لا طلبات");
    expect(ar.t("calls", { count: 1 })).toBe("طلب واحد");
    expect(ar.t("calls", { count: 2 })).toBe("طلبان");
    expect(ar.t("calls", { count: 3 })).toBe(`${n("ar", 3)} طلبات`);
    expect(ar.t("calls", { count: 11 })).toBe(`${n("ar", 11)} طلبًا`);
    expect(ar.t("calls", { count: 100 })).toBe(`${n("ar", 100)} طلب`);
    expect(ar.t("tokens", { count: 2 })).toBe("رمزان هذا الشهر");
    expect(ar.dir).toBe("rtl");
  });
});

describe("what the keys manager says", () => {
  it("reads a message in the locale shown, its values (and values that are messages) filled in", async () => {
    const said = {
      key: "error.not_verified",
      params: { name: "work", reason: { key: "error.refused" } },
    } as const;
    expect(sayIn(await keysIn("en"), said)).toBe("“work” did not verify: the provider refused it.");
    expect(sayIn(await keysIn("es"), said)).toBe("“work” no se pudo verificar: el proveedor la rechazó.");
    expect(sayIn(await keysIn("de"), { key: "notice.saved", params: { name: "a", last4: "b7e2" } })).toBe(
      "„a“ gespeichert (endet auf b7e2). Das Geheimnis wird nicht wieder angezeigt.",
    );
    expect(sayIn(await keysIn("fr"), { text: "words from the API" })).toBe("words from the API");
    expect(sayIn(await keysIn("fr"), undefined)).toBe("");
  });

  it("keeps the English texts the keys manager has always shown", async () => {
    const en = await keysIn("en");
    expect(en.t("connect")).toBe("Connect your Codeground account");
    expect(en.t("disconnect.not_you")).toBe("Not you? Disconnect");
    expect(en.t("add.save")).toBe("Save key");
    expect(en.t("empty")).toBe("No keys yet. Add one below.");
    expect(en.t("account.until", { date: "today" })).toBe("Connected as {account} until today.");
  });

  it("words the connect window's and the network's failures, and keeps the API's words otherwise", async () => {
    const es = await keysIn("es");
    const blocked = errorSaid(new WidgetApiError(0, "popup_blocked", "Your browser blocked the window."));
    expect(sayIn(es, blocked)).toContain("Tu navegador bloqueó la ventana");
    const refused = errorSaid(
      new WidgetApiError(0, "grant_refused", "Decidiste no conectar tu cuenta de Codeground."),
    );
    expect(sayIn(es, refused)).toBe("Decidiste no conectar tu cuenta de Codeground.");
    const api = errorSaid(
      new WidgetApiError(409, "key_name_taken", "You already have a key named “work”.", "req-1"),
    );
    expect(sayIn(es, api)).toBe("You already have a key named “work”. [request req-1]");
    // A code that names a message which is not an error's is not worded from the catalog.
    expect(sayIn(es, errorSaid(new WidgetApiError(400, "account_unknown", "API words")))).toBe("API words");
    const own = new SaidError({ key: "error.grant_ended" });
    expect(errorSaid(own)).toEqual({ key: "error.grant_ended" });
    expect(sayIn(es, errorSaid(new Error("plain")))).toBe("plain");
  });

  it("puts markup where a placeholder stands, and leaves the rest as text", () => {
    const strong = { markup: "a…@example.com" };
    expect(richText("Connected as {account} until 5 May.", { account: strong })).toEqual([
      "Connected as ",
      strong,
      " until 5 May.",
    ]);
    // Placeholders it was not given stay text; so does a value's text: nothing is parsed twice.
    expect(richText("{other} and {account}", { account: "{other}" })).toEqual([
      "",
      "{other}",
      " and ",
      "{other}",
      "",
    ]);
    expect(richText("{toString}", {})).toEqual(["", "{toString}", ""]);
  });
});

describe("the connect window", () => {
  it("is opened in the keys manager's language", () => {
    const url = new URL(connectUrl("https://cg.example", "pk_1", "https://course.example", "pt-BR"));
    expect(url.pathname).toBe("/connect");
    expect(url.searchParams.get("lang")).toBe("pt-BR");
    expect(url.searchParams.get("origin")).toBe("https://course.example");
    expect(
      new URL(connectUrl("https://cg.example", "pk_1", "https://course.example")).searchParams.has("lang"),
    ).toBe(false);
  });

  it("names the page's origin in every language, and words the API's refusals", async () => {
    for (const locale of LOCALES) {
      const messages =
        locale === "en" ? connectMessages.english : (await connectMessages.load[locale]()).default;
      const t = new Translator(locale, messages, connectMessages.english);
      expect(t.t("title.origin"), locale).toContain("{origin}");
      expect(t.t("error.origin_not_allowed", { origin: "https://c.example" }), locale).toContain(
        "https://c.example",
      );
    }
    expect(connectMessages.english["title.origin"]).toBe("Connect your keys to {origin}?");
    expect(isConnectKey("error.embed_not_found")).toBe(true);
    expect(isConnectKey("error.unknown")).toBe(false);
  });
});
