import type { LtiRegistration } from "@codeground/sdk";
import { css, html, LitElement } from "lit";
import { ApiError, api, describe } from "./api.js";
import { copyText } from "./clipboard.js";
import { inlineConfirm } from "./inline-confirm.js";
import { portalStyles } from "./styles.js";

/** The registration form's fields: name, label, and a hint of what the LMS calls it. */
const FIELDS = [
  ["issuer", "Issuer", "The platform's issuer (iss), e.g. https://canvas.instructure.com", "url"],
  ["clientId", "Client id", "What the LMS shows for this tool once it is added", "text"],
  ["deploymentIds", "Deployment ids", "One or more, separated by commas or new lines", "text"],
  ["authLoginUrl", "Auth login URL", "The platform's OIDC authorization endpoint", "url"],
  ["authTokenUrl", "Token URL", "The platform's OAuth2 token endpoint (grades and rosters)", "url"],
  ["keysetUrl", "Keyset URL", "The platform's public keys (JWKS)", "url"],
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
        text: `Registered ${made.issuer}. Launches from it now work.`,
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
        text: `Removed ${registration.issuer}. Its launches are refused from now on; its courses stay.`,
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
    const tool = this.tool;
    const rows = [
      ["Login (OIDC initiation) URL", tool.loginUrl],
      ["Redirect and launch URL", tool.launchUrl],
      ["Public keyset (JWKS) URL", tool.jwksUrl],
      ["Dynamic registration URL", tool.registerUrl],
    ] as const;
    return html`<section class="panel" aria-labelledby="urls-title">
      <h2 id="urls-title">Codeground's addresses for your LMS</h2>
      <p class="hint">
        If your LMS registers tools by itself (Moodle 4, Canvas and others: “LTI Advantage dynamic
        registration”), give it the dynamic registration URL and confirm in the window it opens.
        Otherwise add Codeground as an LTI 1.3 tool with these addresses, then register the platform
        below with what the LMS shows.
      </p>
      <dl class="urls">
        ${rows.map(
          ([label, url]) => html`<dt>${label}</dt>
            <dd><code>${url}</code></dd>
            <dd><button type="button" aria-label=${`Copy the ${label.toLowerCase()}`} @click=${async () => {
              this.said = { place: "urls", text: await copyText(url, label.toLowerCase()), error: false };
            }}>Copy</button></dd>`,
        )}
      </dl>
      ${this.message("urls")}
    </section>`;
  }

  private renderForm() {
    const detail = (name: string) => this.formError?.details.find((d) => d.path === name)?.message;
    return html`<section class="panel" aria-labelledby="manual-title">
      <h2 id="manual-title">Register a platform by hand</h2>
      <form @submit=${this.create} novalidate>
        <div class="field">
          <label for="lti-name">Name (optional)</label>
          <input id="lti-name" name="name" maxlength="200" autocomplete="off" />
        </div>
        ${FIELDS.map(([name, label, hint, type]) => {
          const problem = detail(name);
          return html`<div class="field">
            <label for=${`lti-${name}`}>${label}</label>
            <input id=${`lti-${name}`} name=${name} type=${type} required autocomplete="off"
              aria-describedby=${`lti-${name}-hint`} aria-invalid=${problem ? "true" : "false"} />
            <p class="hint" id=${`lti-${name}-hint`}>${problem ? html`<span class="error">${problem}</span>` : hint}</p>
          </div>`;
        })}
        <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>Register platform</button></div>
      </form>
      <p class="error" role="alert">${this.formError?.message ?? ""}</p>
      ${this.message("form")}
    </section>`;
  }

  private renderRegistration(r: LtiRegistration) {
    return html`<li>
      <strong>${r.name ?? r.issuer}</strong>
      <dl>
        <dt>Issuer</dt><dd><code>${r.issuer}</code></dd>
        <dt>Client id</dt><dd><code>${r.clientId}</code></dd>
        <dt>Deployment ids</dt><dd><code>${r.deploymentIds.join(", ")}</code></dd>
        <dt>Auth login URL</dt><dd><code>${r.authLoginUrl}</code></dd>
        <dt>Token URL</dt><dd><code>${r.authTokenUrl}</code></dd>
        <dt>Keyset URL</dt><dd><code>${r.keysetUrl}</code></dd>
      </dl>
      ${
        this.pending === r.id
          ? inlineConfirm({
              label: `Confirm: remove ${r.issuer}`,
              text: `Remove the registration of ${r.issuer}? Launches from it are refused from then on; the courses it launched into stay.`,
              yes: "Yes, remove it",
              no: "Keep it",
              yesId: "confirm-delete",
              busy: this.busy,
              onYes: () => void this.removeRegistration(r),
              onNo: () => this.cancel(r.id),
            })
          : html`<div class="actions"><button type="button" class="danger" data-delete=${r.id}
              aria-label=${`Remove ${r.name ?? r.issuer}`} ?disabled=${this.busy} @click=${() => this.ask(r.id)}>Remove</button></div>`
      }
    </li>`;
  }

  override render() {
    const list = this.registrations;
    return html`
      <h1>LMS integration (LTI 1.3)</h1>
      <p class="hint">
        Courses in a learning platform launch Codeground's problems and assignments; each LMS course
        becomes a Codeground course you own, grades go back to the LMS, and staff can import its roster.
      </p>
      ${this.renderUrls()}
      <section aria-labelledby="registrations-title">
        <h2 id="registrations-title" tabindex="-1">Your platforms</h2>
        ${this.message("list")}
        ${
          this.loadError
            ? html`<p class="error" role="alert">${this.loadError}</p>`
            : !list
              ? html`<p role="status">Loading your platforms…</p>`
              : list.length === 0
                ? html`<p>No platform is registered yet.</p>`
                : html`<ul class="registrations">${list.map((r) => this.renderRegistration(r))}</ul>`
        }
      </section>
      ${this.renderForm()}
    `;
  }
}
customElements.define("cg-lti", CgLti);
