import { type Course, type InvitationPreview, maskEmail, type User } from "@codeground/sdk";
import { I18nController, type Translator } from "@codeground/widget/i18n";
import { html, LitElement, nothing, type PropertyValues } from "lit";
import { ApiError, api, describe } from "./api.js";
import { roleKey } from "./course-roles.js";
import { navigate } from "./links.js";
import { portalLocale } from "./locale.js";
import { formatLocale } from "./locale-format.js";
import { type InvitationKey, invitationMessages } from "./locales/courses/invitation/index.js";
import { fill } from "./message-markup.js";
import { portalStyles } from "./styles.js";

type Text = Translator<InvitationKey>;

/** The API's refusals this page explains in the reader's words, by their code. */
const REFUSALS = {
  invitation_used: "refused.used",
  invitation_expired: "refused.expired",
  invitation_not_found: "refused.not_found",
  already_owner: "refused.already_owner",
} as const satisfies Record<string, InvitationKey>;

/** What a refused invitation means for the person holding it, by the API's code. */
function refusal(
  t: Text,
  err: unknown,
  preview: InvitationPreview | undefined,
  user: User | null | undefined,
): string {
  if (!(err instanceof ApiError)) return describe(err);
  if (err.code === "invitation_for_another_address") return anotherAddress(t, preview, user);
  const key = Object.hasOwn(REFUSALS, err.code) ? REFUSALS[err.code as keyof typeof REFUSALS] : null;
  return key ? t.t(key) : describe(err);
}

function anotherAddress(t: Text, preview: InvitationPreview | undefined, user: User | null | undefined) {
  return t.t("refused.elsewhere", {
    sentTo: preview ? maskEmail(preview.email) : t.t("refused.elsewhere.address"),
    email: user?.email ?? t.t("refused.elsewhere.someone"),
  });
}

/**
 * A staff invitation, from the link its inviter sent: what it offers (course, role, the address it
 * was sent to, shown masked) and Accept. The token stays in the address bar and this element's
 * memory; once accepted, the course opens in its place, so the spent link leaves the history.
 *
 * @fires cg-navigate - to the course, once accepted
 * @fires cg-signed-out - asks the portal to log out (signed in with another address)
 */
export class CgInvitation extends LitElement {
  static override styles = portalStyles;
  static override properties = {
    token: { attribute: false },
    user: { attribute: false },
    preview: { state: true },
    problem: { state: true },
    busy: { state: true },
  };
  declare token: string;
  /** Who is signed in: accepting needs the address the invitation was sent to. */
  declare user: User | null | undefined;
  declare preview: InvitationPreview | undefined;
  /** Why this invitation cannot be accepted, for the person reading. */
  declare problem: string;
  declare busy: boolean;
  /** The API said this invitation is for another address than the one signed in. */
  private signedInElsewhere = false;
  private i18n = new I18nController(this, invitationMessages);

  constructor() {
    super();
    this.token = "";
    this.preview = undefined;
    this.problem = "";
    this.busy = false;
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has("token") && this.token) void this.load();
  }

  private get path() {
    return `/invitations/${encodeURIComponent(this.token)}`;
  }

  private get forSomeoneElse() {
    return (
      !!this.preview &&
      !!this.user &&
      // The API shows the address masked: compare what can be compared; the server decides on accept.
      maskEmail(this.preview.email).toLowerCase() !== maskEmail(this.user.email).toLowerCase()
    );
  }

  private async load() {
    this.preview = undefined;
    this.problem = "";
    try {
      this.preview = await api<InvitationPreview>("GET", this.path);
    } catch (err) {
      this.problem = refusal(this.i18n.current, err, undefined, this.user);
    }
  }

  private async accept() {
    this.busy = true;
    this.problem = "";
    try {
      const course = await api<Course>("POST", `${this.path}/accept`);
      navigate(this, `/courses/${course.id}`, true);
    } catch (err) {
      this.signedInElsewhere = err instanceof ApiError && err.code === "invitation_for_another_address";
      this.problem = refusal(this.i18n.current, err, this.preview, this.user);
      this.busy = false;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>("#invitation-problem")?.focus();
    }
  }

  private logOut() {
    this.dispatchEvent(new CustomEvent("cg-signed-out", { bubbles: true, composed: true }));
  }

  private renderOffer(preview: InvitationPreview) {
    const elsewhere = this.forSomeoneElse && !this.problem;
    const t = this.i18n.current;
    const role = t.t(roleKey(preview.role));
    const until = new Date(preview.expiresAt).toLocaleString(formatLocale(t.locale));
    return html`
      <p>
        ${fill(t.t(`offer.${preview.role}`), { course: html`<strong>${preview.courseName}</strong>` })}
        ${t.t(`offer.${preview.role}.does`)}
      </p>
      <p class="hint">${t.t("sent", { email: maskEmail(preview.email), until })}</p>
      ${
        elsewhere
          ? html`<p class="error" role="alert">${anotherAddress(t, preview, this.user)}</p>
            <div class="actions"><button type="button" @click=${this.logOut}>${t.t("logout")}</button></div>`
          : html`<div class="actions">
            <button type="button" class="primary" ?disabled=${this.busy} @click=${this.accept}>${t.t("accept", { role })}</button>
          </div>`
      }
    `;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const preview = this.preview;
    const title = preview
      ? t.t("title.join", { course: preview.courseName, role: t.t(roleKey(preview.role)) })
      : t.t("title");
    return html`
      <h1>${title}</h1>
      ${preview ? this.renderOffer(preview) : this.problem ? nothing : html`<p role="status">${t.t("loading")}</p>`}
      <p class="error" role="alert" id="invitation-problem" tabindex="-1">${this.problem}</p>
      ${
        this.problem && this.signedInElsewhere
          ? html`<div class="actions"><button type="button" @click=${this.logOut}>${t.t("logout")}</button></div>`
          : nothing
      }
    `;
  }
}
customElements.define("cg-invitation", CgInvitation);
