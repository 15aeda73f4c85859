import type { LtiRegistration } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { css, html, LitElement } from "lit";
import { ApiError, api, describe } from "./api.js";
import { copyText } from "./clipboard.js";
import { inlineConfirm } from "./inline-confirm.js";
import { portalLocale } from "./locale.js";
import { platformsMessages } from "./locales/lti/platforms/index.js";
import { portalStyles } from "./styles.js";

/** The registration form's fields, by name (the label and hint are `field.<name>` in the catalog), and input type. */
const FIELDS = [
  ["issuer", "url"],
  ["clientId", "text"],
  ["deploymentIds", "text"],
  ["authLoginUrl", "url"],
  ["authTokenUrl", "url"],
  ["keysetUrl", "url"],
] as const;

/**
 * `/lti`: the learning platforms (LMSs) the signed-in user registered Codeground with. Shows the
 * tool's own addresses to copy into the LMS (login, launch, JWKS, and the Dynamic Registration
 * URL for platforms that register tools by themselves), a form to register a platform by hand,
 * and each registration with its deletion asked once more in place.
 */
export class CgLti extends LitElement {
  static override styles = [
    portalStyles,
    css`
      dl.urls {
        display: grid;
        grid-template-columns: minmax(8rem, max-content) 1fr auto;
        gap: 0.5rem 0.75rem;
        align-items: center;
      }
      dl.urls dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      @media (max-width: 40rem) {
        dl.urls {
          grid-template-columns: 1fr auto;
        }
        dl.urls dt {
          grid-column: 1 / -1;
        }
      }
      .field {
        margin: 0 0 0.75rem;
      }
      .field input,
      .field textarea {
        width: 100%;
        box-sizing: border-box;
        min-width: 0;
      }
      ul.registrations {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ul.registrations > li {
        border-top: 1px solid var(--cg-border);
        padding: 0.75rem 0;
      }
      ul.registrations dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.1rem 0.75rem;
        margin: 0.25rem 0 0.5rem;
      }
      ul.registrations dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      @media (max-width: 40rem) {
        ul.registrations dl {
          grid-template-columns: 1fr;
        }
        ul.registrations dd {
          margin-bottom: 0.35rem;
        }
      }
      .confirm span {
        flex-basis: 100%;
      }
    `,
  ];
  static override properties = {
    registrations: { state: true },
    loadError: { state: true },
    said: { state: true },
    formError: { state: true },
    pending: { state: true },
    busy: { state: true },
  };
  declare registrations: LtiRegistration[] | undefined;
  declare loadError: string;
  /** The last outcome, next to what was used: the tool's URLs, the form, or the list. */
  declare said: { place: "urls" | "form" | "list"; text: string; error: boolean } | null;
  declare formError: { message: string; details: { path: string; message: string }[] } | null;
  /** The registration whose deletion is being asked about. */
  declare pending: string | null;
  declare busy: boolean;
  private i18n = new I18nController(this, platformsMessages);

  constructor() {
    super();
    this.registrations = undefined;
    this.loadError = "";
    this.said = null;
    this.formError = null;
    this.pending = null;
    this.busy = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.registrations = await api<LtiRegistration[]>("GET", "/lti/registrations");
      this.loadError = "";
    } catch (err) {
      this.loadError = describe(err);
    }
  }

  /** The tool's addresses: what the API says once there is a registration, else this origin's. */
  private get tool() {
    const base = location.origin;
    return (
      this.registrations?.[0]?.tool ?? {
        loginUrl: `${base}/lti/login`,
        launchUrl: `${base}/lti/launch`,
        jwksUrl: `${base}/lti/jwks`,
        registerUrl: `${base}/lti/register`,
      }
    );
  }

  private async create(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const body = {
      ...(text("name") ? { name: text("name") } : {}),
      issuer: text("issuer"),
      clientId: text("clientId"),
      deploymentIds: text("deploymentIds")
        .split(/[\n,]+/)
        .map((id) => id.trim())
        .filter(Boolean),
      authLoginUrl: text("authLoginUrl"),
      authTokenUrl: text("authTokenUrl"),
      keysetUrl: text("keysetUrl"),
    };
    this.busy = true;
    this.formError = null;
    this.said = null;
    try {
      const made = await api<LtiRegistration>("POST", "/lti/registrations", body);
      this.registrations = [...(this.registrations ?? []), made];
      form.reset();
      this.said = {
        place: "form",
        text: this.i18n.current.t("registered", { issuer: made.issuer }),
        error: false,
      };
    } catch (err) {
      this.formError = {
        message: describe(err),
        details: err instanceof ApiError ? err.details : [],
      };
    } finally {
      this.busy = false;
    }
  }

  private ask(id: string) {
    this.pending = id;
    this.said = null;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>("#confirm-delete")?.focus(),
    );
  }

  private cancel(id: string) {
    this.pending = null;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[data-delete="${CSS.escape(id)}"]`)?.focus(),
    );
  }

  private async removeRegistration(registration: LtiRegistration) {
    this.busy = true;
    try {
      await api("DELETE", `/lti/registrations/${encodeURIComponent(registration.id)}`);
      this.registrations = (this.registrations ?? []).filter((r) => r.id !== registration.id);
      this.pending = null;
      this.said = {
        place: "list",
        text: this.i18n.current.t("removed", { issuer: registration.issuer }),
        error: false,
      };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>("#registrations-title")?.focus();
    } catch (err) {
      this.said = { place: "list", text: describe(err), error: true };
    } finally {
      this.busy = false;
    }
  }

  private message(place: "urls" | "form" | "list") {
    const said = this.said?.place === place ? this.said : null;
    return html`<p class="ok" role="status">${said && !said.error ? said.text : ""}</p>
      <p class="error" role="alert">${said?.error ? said.text : ""}</p>`;
  }

  private renderUrls() {
    const t = this.i18n.current;
    const tool = this.tool;
    const rows = [
      ["login", tool.loginUrl],
      ["launch", tool.launchUrl],
      ["jwks", tool.jwksUrl],
      ["register", tool.registerUrl],
    ] as const;
    return html`<section class="panel" aria-labelledby="urls-title">
      <h2 id="urls-title">${t.t("urls.title")}</h2>
      <p class="hint">${t.t("urls.hint")}</p>
      <dl class="urls">
        ${rows.map(([name, url]) => {
          const what = t.t(`url.${name}.what`);
          return html`<dt>${t.t(`url.${name}`)}</dt>
            <dd><code>${url}</code></dd>
            <dd><button type="button" aria-label=${t.t("copy.label", { what })} @click=${async () => {
              this.said = { place: "urls", text: await copyText(url, what), error: false };
            }}>${t.t("copy")}</button></dd>`;
        })}
      </dl>
      ${this.message("urls")}
    </section>`;
  }

  private renderForm() {
    const t = this.i18n.current;
    const detail = (name: string) => this.formError?.details.find((d) => d.path === name)?.message;
    return html`<section class="panel" aria-labelledby="manual-title">
      <h2 id="manual-title">${t.t("form.title")}</h2>
      <form @submit=${this.create} novalidate>
        <div class="field">
          <label for="lti-name">${t.t("form.name")}</label>
          <input id="lti-name" name="name" maxlength="200" autocomplete="off" />
        </div>
        ${FIELDS.map(([name, type]) => {
          const problem = detail(name);
          return html`<div class="field">
            <label for=${`lti-${name}`}>${t.t(`field.${name}`)}</label>
            <input id=${`lti-${name}`} name=${name} type=${type} required autocomplete="off"
              aria-describedby=${`lti-${name}-hint`} aria-invalid=${problem ? "true" : "false"} />
            <p class="hint" id=${`lti-${name}-hint`}>${problem ? html`<span class="error">${problem}</span>` : t.t(`field.${name}.hint`)}</p>
          </div>`;
        })}
        <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t.t("form.submit")}</button></div>
      </form>
      <p class="error" role="alert">${this.formError?.message ?? ""}</p>
      ${this.message("form")}
    </section>`;
  }

  private renderRegistration(r: LtiRegistration) {
    const t = this.i18n.current;
    const issuer = r.issuer;
    return html`<li>
      <strong>${r.name ?? r.issuer}</strong>
      <dl>
        <dt>${t.t("field.issuer")}</dt><dd><code>${r.issuer}</code></dd>
        <dt>${t.t("field.clientId")}</dt><dd><code>${r.clientId}</code></dd>
        <dt>${t.t("field.deploymentIds")}</dt><dd><code>${r.deploymentIds.join(", ")}</code></dd>
        <dt>${t.t("field.authLoginUrl")}</dt><dd><code>${r.authLoginUrl}</code></dd>
        <dt>${t.t("field.authTokenUrl")}</dt><dd><code>${r.authTokenUrl}</code></dd>
        <dt>${t.t("field.keysetUrl")}</dt><dd><code>${r.keysetUrl}</code></dd>
      </dl>
      ${
        this.pending === r.id
          ? inlineConfirm({
              label: t.t("remove.label", { issuer }),
              text: t.t("remove.text", { issuer }),
              yes: t.t("remove.yes"),
              no: t.t("remove.no"),
              yesId: "confirm-delete",
              busy: this.busy,
              onYes: () => void this.removeRegistration(r),
              onNo: () => this.cancel(r.id),
            })
          : html`<div class="actions"><button type="button" class="danger" data-delete=${r.id}
              aria-label=${t.t("remove.button.label", { name: r.name ?? r.issuer })} ?disabled=${this.busy} @click=${() => this.ask(r.id)}>${t.t("remove.button")}</button></div>`
      }
    </li>`;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const list = this.registrations;
    return html`
      <h1>${t.t("title")}</h1>
      <p class="hint">${t.t("intro")}</p>
      ${this.renderUrls()}
      <section aria-labelledby="registrations-title">
        <h2 id="registrations-title" tabindex="-1">${t.t("list.title")}</h2>
        ${this.message("list")}
        ${
          this.loadError
            ? html`<p class="error" role="alert">${this.loadError}</p>`
            : !list
              ? html`<p role="status">${t.t("list.loading")}</p>`
              : list.length === 0
                ? html`<p>${t.t("list.none")}</p>`
                : html`<ul class="registrations">${list.map((r) => this.renderRegistration(r))}</ul>`
        }
      </section>
      ${this.renderForm()}
    `;
  }
}
customElements.define("cg-lti", CgLti);
