import { type Course, type InvitationPreview, maskEmail, type User } from "@codeground/sdk";
import { html, LitElement, nothing, type PropertyValues } from "lit";
import { ApiError, api, describe } from "./api.js";
import { ROLE_LABELS, withArticle } from "./course-roles.js";
import { navigate } from "./links.js";
import { portalStyles } from "./styles.js";

/** What a refused invitation means for the person holding it, by the API's code. */
function refusal(
  err: unknown,
  preview: InvitationPreview | undefined,
  user: User | null | undefined,
): string {
  if (!(err instanceof ApiError)) return describe(err);
  switch (err.code) {
    case "invitation_used":
      return "This invitation link has already been used. If you were not the one who used it, ask the person who invited you for a new link.";
    case "invitation_expired":
      return "This invitation link has expired: links work for 7 days. Ask the person who invited you for a new one.";
    case "invitation_not_found":
      return "This invitation link is not valid. Check that you have the whole link, or ask the person who invited you for a new one.";
    case "invitation_for_another_address":
      return anotherAddress(preview, user);
    case "already_owner":
      return "You own this course already, so there is nothing to accept.";
    default:
      return describe(err);
  }
}

function anotherAddress(preview: InvitationPreview | undefined, user: User | null | undefined) {
  const sentTo = preview ? maskEmail(preview.email) : "another address";
  return `This invitation was sent to ${sentTo}, but you are signed in as ${user?.email ?? "someone else"}. Log out, then log in or sign up with the address it was sent to and open the link again.`;
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
      this.problem = refusal(err, undefined, this.user);
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
      this.problem = refusal(err, this.preview, this.user);
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
    return html`
      <p>
        You are invited to help teach <strong>${preview.courseName}</strong> as ${withArticle(preview.role)}.
        ${preview.role === "ta" ? "TAs see the course, its members and its embeds, and change nothing." : "Instructors manage the course's embeds and invite TAs."}
      </p>
      <p class="hint">Sent to ${maskEmail(preview.email)}; the link works once, until ${new Date(preview.expiresAt).toLocaleString()}.</p>
      ${
        elsewhere
          ? html`<p class="error" role="alert">${anotherAddress(preview, this.user)}</p>
            <div class="actions"><button type="button" @click=${this.logOut}>Log out</button></div>`
          : html`<div class="actions">
            <button type="button" class="primary" ?disabled=${this.busy} @click=${this.accept}>Accept and join as ${ROLE_LABELS[preview.role]}</button>
          </div>`
      }
    `;
  }

  override render() {
    const preview = this.preview;
    const title = preview
      ? `Join ${preview.courseName} as ${ROLE_LABELS[preview.role]}`
      : "Course invitation";
    return html`
      <h1>${title}</h1>
      ${preview ? this.renderOffer(preview) : this.problem ? nothing : html`<p role="status">Loading the invitation…</p>`}
      <p class="error" role="alert" id="invitation-problem" tabindex="-1">${this.problem}</p>
      ${
        this.problem && this.signedInElsewhere
          ? html`<div class="actions"><button type="button" @click=${this.logOut}>Log out</button></div>`
          : nothing
      }
    `;
  }
}
customElements.define("cg-invitation", CgInvitation);
