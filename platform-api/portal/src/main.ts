import { createLearnerClient } from "@codeground/widget/api";
import { I18nController, type Locale, type Translator } from "@codeground/widget/i18n";
import { css, html, LitElement } from "lit";
import { ApiError, api, describe, type User } from "./api.js";
import { applyPortalLocale, choosePortalLocale, LOCALE_NAMES, LOCALES, portalLocale } from "./locale.js";
import { type ShellKey, shellMessages } from "./locales/shell/index.js";
import { portalStyles } from "./styles.js";
import "@codeground/widget/keys";
import "./auth-view.js";
import "./cg-admin.js";
import "./cg-audit.js";
import "./cg-authoring.js";
import "./cg-connect.js";
import "./cg-embeds.js";
import "./cg-problem-page.js";
import "./cg-problems.js";
import "./cg-security.js";
import "./verify-banner.js";

const VIEWS = [
  ["/", "nav.problems"],
  ["/courses", "nav.courses"],
  ["/keys", "nav.keys"],
  ["/security", "nav.security"],
  ["/embeds", "nav.embeds"],
  ["/lti", "nav.lti"],
  ["/audit", "nav.audit"],
  ["/author", "nav.author"],
  ["/admin", "nav.admin"],
] as const satisfies readonly (readonly [string, ShellKey])[];
type Path = (typeof VIEWS)[number][0];
/** Any other path shows the problem list: `/problems` among them, the address people type and reload. */
const known = (path: string): Path => (VIEWS.some(([p]) => p === path) ? (path as Path) : "/");
/** `/problems/<slug>`: one problem, with the editor and the tutor. */
const problemOf = (path: string): string | null => /^\/problems\/([a-z0-9-]{1,100})$/.exec(path)?.[1] ?? null;
/** `/courses/<id>`: one course, as the viewer's role there lets them see it. */
const courseOf = (path: string): string | null =>
  /^\/courses\/([A-Za-z0-9-]{1,100})$/.exec(path)?.[1] ?? null;
/** `/courses/<id>/gradebook`: a course's gradebook, for its staff. */
const gradebookOf = (path: string): string | null =>
  /^\/courses\/([A-Za-z0-9-]{1,100})\/gradebook$/.exec(path)?.[1] ?? null;
/** `/courses/<id>/assignments/<assignment id or "new">`: an assignment to create, change or read. */
const assignmentOf = (path: string): { courseId: string; assignmentId: string } | null => {
  const match = /^\/courses\/([A-Za-z0-9-]{1,100})\/assignments\/([A-Za-z0-9-]{1,100})$/.exec(path);
  return match?.[1] && match[2] ? { courseId: match[1], assignmentId: match[2] } : null;
};
/** `/invitations/<token>`: a staff invitation to a course, to accept. */
const invitationOf = (path: string): string | null =>
  /^\/invitations\/([A-Za-z0-9_-]{1,120})$/.exec(path)?.[1] ?? null;
/**
 * The pages an emailed link opens, and the form that asks for one: shown whether or not someone
 * is signed in, each its element's tag.
 */
const LINK_PAGES = {
  "/verify-email": "cg-verify-email",
  "/forgot-password": "cg-forgot-password",
  "/reset-password": "cg-reset-password",
} as const;
const linkPageOf = (path: string) =>
  Object.hasOwn(LINK_PAGES, path) ? LINK_PAGES[path as keyof typeof LINK_PAGES] : null;
/** The navigation link a path sits under: a course's page, or an invitation to one, is under Courses. */
const sectionOf = (path: string): Path =>
  courseOf(path) || gradebookOf(path) || assignmentOf(path) || invitationOf(path) ? "/courses" : known(path);
/**
 * Views that load as chunks of their own the first time they are shown, so the first page stays
 * small; each is a custom element the chunk defines.
 */
const LAZY = {
  "cg-courses": () => import("./cg-courses.js"),
  "cg-course": () => import("./cg-course.js"),
  "cg-invitation": () => import("./cg-invitation.js"),
  "cg-gradebook": () => import("./cg-gradebook.js"),
  "cg-assignment-editor": () => import("./cg-assignment-editor.js"),
  "cg-lti": () => import("./cg-lti.js"),
  "cg-lti-connect": () => import("./cg-lti-connect.js"),
  "cg-account": () => import("./cg-account.js"),
  "cg-verify-email": () => import("./cg-account-links.js"),
  "cg-forgot-password": () => import("./cg-account-links.js"),
  "cg-reset-password": () => import("./cg-account-links.js"),
} as const;
type LazyTag = keyof typeof LAZY;
/** `/connect`: a keys manager inside an embed asks for the vault (a window of its own, no navigation). */
const CONNECT = "/connect";
/** `/lti/connect`: the LMS's Dynamic Registration page asks to register (a window of its own). */
const LTI_CONNECT = "/lti/connect";
/** The key vault is the widget's own `<cg-keys>`, on the portal's cookie session. */
const vault = createLearnerClient({ cookieSession: true }).keys;
/** Who is signed in, with what the account's email settings add (read by the banner and the language menu). */
type Me = User & { emailVerified?: boolean; locale?: string | null };
/** Views only some roles can use, left out of their navigation. */
const ROLES: Partial<Record<Path, readonly User["role"][]>> = {
  "/author": ["author", "admin"],
  "/admin": ["admin"],
};

/** The portal: who is signed in, the navigation, and the view for the address bar's path. */
export class CgPortal extends LitElement {
  static override styles = [
    portalStyles,
    css`
      header {
        position: relative;
        display: flex;
        gap: 0.5rem 1rem;
        align-items: center;
        padding: 0.75rem 1rem;
        border-bottom: 1px solid var(--cg-border);
        flex-wrap: wrap;
      }
      nav {
        flex: 1 1 0;
        min-width: 0;
      }
      .menu-panel {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
      }
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      nav a[aria-current="page"] {
        font-weight: 700;
      }
      .brand {
        font-weight: 700;
        text-decoration: none;
        color: var(--cg-fg);
      }
      .who {
        margin-inline-start: auto;
        color: var(--cg-muted);
        min-width: 0;
        overflow-wrap: anywhere;
      }
      /* The menu button: phones only, where the links, the account and Log out fold away behind it. */
      button.menu {
        display: none;
      }
      @media (max-width: 40rem) {
        header {
          padding: 0.5rem 1rem;
        }
        nav {
          flex: 0 0 auto;
          margin-inline-start: auto;
        }
        button.menu {
          display: inline-flex;
          align-items: center;
          gap: 0.5rem;
        }
        button.menu svg {
          flex: none;
        }
        .menu-panel {
          display: none;
        }
        .menu-panel.open {
          display: flex;
          flex-direction: column;
          align-items: flex-start;
          position: absolute;
          inset-inline: 0;
          top: 100%;
          z-index: 20;
          padding: 0.25rem 1rem 1rem;
          background: var(--cg-bg);
          border-bottom: 1px solid var(--cg-border);
          box-shadow: 0 8px 16px rgb(0 0 0 / 0.25);
        }
        .menu-panel.open ul {
          flex-direction: column;
          align-self: stretch;
          gap: 0;
        }
        .menu-panel.open ul a {
          display: flex;
          align-items: center;
          min-height: 44px;
        }
        .who {
          margin-inline-start: 0;
          font-size: 0.875rem;
        }
      }
      .banner {
        padding: 0.75rem 1rem;
        border-bottom: 2px solid var(--cg-bad);
        color: var(--cg-fg);
        background: var(--cg-panel);
        font-weight: 600;
      }
      main {
        padding: 1rem;
        max-width: 72rem;
      }
      .language {
        display: flex;
        flex: none;
        gap: 0.5rem;
        align-items: center;
        margin: 0;
      }
      .language select {
        width: auto;
        min-width: 0;
      }
    `,
  ];
  static override properties = {
    user: { state: true },
    path: { state: true },
    problem: { state: true },
    course: { state: true },
    invitation: { state: true },
    gradebook: { state: true },
    assignment: { state: true },
    error: { state: true },
    sandboxDown: { state: true },
    menuOpen: { state: true },
  };
  declare user: Me | null | undefined;
  declare path: Path;
  /** The problem open at `/problems/<slug>`, if any. */
  declare problem: string | null;
  /** The course open at `/courses/<id>`, if any. */
  declare course: string | null;
  /** The invitation token at `/invitations/<token>`, if any: kept in the address only. */
  declare invitation: string | null;
  /** The course whose gradebook is open at `/courses/<id>/gradebook`, if any. */
  declare gradebook: string | null;
  /** The assignment open at `/courses/<id>/assignments/<id or "new">`, if any. */
  declare assignment: { courseId: string; assignmentId: string } | null;
  declare error: string;
  /** The sandbox cannot run code now (from `/readyz`): a banner says so. */
  declare sandboxDown: boolean;
  private readinessTimer: ReturnType<typeof setInterval> | undefined;
  /** On a phone, whether the menu (the links, the account, Log out, the language) is unfolded. */
  declare menuOpen: boolean;
  private i18n = new I18nController(this, shellMessages);
  /** Set when the chunk of a view fails to load: said in the portal's language. */
  private chunkFailed = false;

  constructor() {
    super();
    this.user = undefined;
    this.route(location.pathname);
    this.error = "";
    this.sandboxDown = false;
    this.menuOpen = false;
    addEventListener("popstate", () => this.route(location.pathname));
  }

  /** Which view the path shows. */
  private route(path: string) {
    // A page outside the navigation (an emailed link's) shares the "/" section: draw it anyway.
    this.requestUpdate();
    this.menuOpen = false;
    this.path = sectionOf(path);
    this.problem = problemOf(path);
    this.course = courseOf(path);
    this.invitation = invitationOf(path);
    this.gradebook = gradebookOf(path);
    this.assignment = assignmentOf(path);
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.whoAmI();
    void this.checkSandbox();
    this.readinessTimer = setInterval(() => void this.checkSandbox(), 30_000);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.readinessTimer);
  }

  private async checkSandbox() {
    try {
      const readiness = (await (await fetch("/readyz")).json()) as { sandbox?: boolean };
      this.sandboxDown = readiness.sandbox === false;
    } catch {
      // The API itself is unreachable: the views say so when they load.
    }
  }

  private async whoAmI() {
    try {
      this.user = await api<Me>("GET", "/me");
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.user = null;
      else this.error = describe(err);
    }
  }

  private go(event: MouseEvent, path: Path) {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    this.navigate(path);
  }

  /**
   * Shows the view for a path (a nav link, or a view asking, e.g. to open a problem). `replace`
   * drops the current address from the history: an invitation link, once spent, say.
   */
  private navigate(path: string, replace = false) {
    if (replace) history.replaceState(null, "", path);
    else history.pushState(null, "", path);
    this.route(path);
  }

  /** A view from its chunk: loading it the first time (the element upgrades when it arrives). */
  private lazy(tag: LazyTag, view: unknown) {
    if (customElements.get(tag)) return view;
    LAZY[tag]().then(
      () => this.requestUpdate(),
      () => {
        this.chunkFailed = true;
        this.requestUpdate();
      },
    );
    const t = this.i18n.current;
    return html`<p role="status">${this.chunkFailed ? t.t("error.chunk") : this.error || t.t("loading")}</p>`;
  }

  /** Escape folds the menu away again, and the keyboard goes back to its button. */
  private menuKey(event: KeyboardEvent) {
    if (event.key !== "Escape" || !this.menuOpen) return;
    this.menuOpen = false;
    this.renderRoot.querySelector<HTMLElement>("button.menu")?.focus();
  }

  /** The menu folds away when the keyboard (or a tap elsewhere) leaves it. */
  private menuFocusOut(event: FocusEvent) {
    const nav = event.currentTarget as HTMLElement;
    if (!(event.relatedTarget instanceof Node && nav.contains(event.relatedTarget))) this.menuOpen = false;
  }

  private async logout() {
    try {
      await api("POST", "/auth/logout");
    } finally {
      this.user = null;
    }
  }

  private view() {
    if (this.problem) return html`<cg-problem-page .slug=${this.problem}></cg-problem-page>`;
    if (this.course)
      return this.lazy(
        "cg-course",
        html`<cg-course .courseId=${this.course} .user=${this.user}></cg-course>`,
      );
    if (this.gradebook)
      return this.lazy("cg-gradebook", html`<cg-gradebook .courseId=${this.gradebook}></cg-gradebook>`);
    if (this.assignment) {
      const { courseId, assignmentId } = this.assignment;
      return this.lazy(
        "cg-assignment-editor",
        html`<cg-assignment-editor .courseId=${courseId} .assignmentId=${assignmentId}></cg-assignment-editor>`,
      );
    }
    if (this.invitation) {
      return this.lazy(
        "cg-invitation",
        html`<cg-invitation .token=${this.invitation} .user=${this.user}></cg-invitation>`,
      );
    }
    switch (this.path) {
      case "/courses":
        return this.lazy("cg-courses", html`<cg-courses></cg-courses>`);
      case "/keys":
        return html`<cg-keys .client=${vault} theme="auto" lang=${this.i18n.current.locale}></cg-keys>`;
      case "/security":
        return html`<cg-security .user=${this.user}></cg-security>
          ${this.lazy("cg-account", html`<cg-account .user=${this.user}></cg-account>`)}`;
      case "/embeds":
        return html`<cg-embeds .user=${this.user}></cg-embeds>`;
      case "/audit":
        return html`<cg-audit .user=${this.user}></cg-audit>`;
      case "/author":
        return html`<cg-authoring .user=${this.user}></cg-authoring>`;
      case "/admin":
        return html`<cg-admin .user=${this.user}></cg-admin>`;
      case "/lti":
        return this.lazy("cg-lti", html`<cg-lti></cg-lti>`);
      default:
        return html`<cg-problems></cg-problems>`;
    }
  }

  /**
   * A language chosen in the menu: kept on this browser and, for a signed-in account, as the
   * language its mail speaks (a refusal there leaves the mail as it was, the page still changes).
   */
  private async chooseLocale(locale: Locale) {
    if (this.user && this.user.locale !== locale) {
      try {
        await api("PATCH", "/me", { locale });
      } catch {
        // The interface follows the choice anyway; the mail keeps the language it had.
      }
    }
    choosePortalLocale(locale);
  }

  /** The language menu: each language named in itself; choosing one shows the portal again in it. */
  private languageMenu(t: Translator<ShellKey>) {
    return html`<label class="language">${t.t("language")}
      <select @change=${(e: Event) => this.chooseLocale((e.target as HTMLSelectElement).value as Locale)}>
        ${LOCALES.map((l) => html`<option value=${l} lang=${l} ?selected=${l === t.locale}>${LOCALE_NAMES[l]}</option>`)}
      </select></label>`;
  }

  /** The header of a signed-in portal: the navigation, who is signed in, Log out, the language. */
  private navigation(t: Translator<ShellKey>, user: Me) {
    return html`
      <header>
        <a class="brand" href="/" @click=${(e: MouseEvent) => this.go(e, "/")}>Codeground</a>
        <nav aria-label=${t.t("nav.label")} @keydown=${this.menuKey} @focusout=${this.menuFocusOut}>
          <button type="button" class="menu" aria-expanded=${this.menuOpen ? "true" : "false"} aria-controls="portal-menu"
            @click=${() => {
              this.menuOpen = !this.menuOpen;
            }}>
            <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true"><path d="M2 4h14M2 9h14M2 14h14" stroke="currentColor" stroke-width="2" /></svg>
            ${t.t(VIEWS.find(([path]) => path === this.path)?.[1] ?? "nav.problems")}
          </button>
          <div id="portal-menu" class="menu-panel ${this.menuOpen ? "open" : ""}">
            <ul>
              ${VIEWS.filter(([path]) => ROLES[path]?.includes(user.role) ?? true).map(
                ([path, label]) =>
                  html`<li><a href=${path} aria-current=${this.path === path ? "page" : "false"} @click=${(e: MouseEvent) => this.go(e, path)}>${t.t(label)}</a></li>`,
              )}
            </ul>
            <span class="who">${user.displayName ?? user.email}</span>
            <button type="button" @click=${this.logout}>${t.t("logout")}</button>
            ${this.languageMenu(t)}
          </div>
        </nav>
      </header>
    `;
  }

  /** Where a view asks the portal to show another page (`cg-navigate`). */
  private followed(e: CustomEvent<string | { path: string; replace: boolean }>) {
    if (typeof e.detail === "string") this.navigate(e.detail);
    else this.navigate(e.detail.path, e.detail.replace);
  }

  /**
   * A page an emailed link opened (or the forgotten-password form), signed in or not: the same
   * element either way, so it lives on when the sign-in changes under it (a reset ends the session).
   */
  private linkPage(t: Translator<ShellKey>, tag: (typeof LINK_PAGES)[keyof typeof LINK_PAGES]) {
    const header = this.user
      ? this.navigation(t, this.user)
      : html`<header><a class="brand" href="/">Codeground</a>${this.languageMenu(t)}</header>`;
    const page =
      tag === "cg-verify-email"
        ? html`<cg-verify-email .user=${this.user}></cg-verify-email>`
        : tag === "cg-reset-password"
          ? html`<cg-reset-password></cg-reset-password>`
          : html`<cg-forgot-password></cg-forgot-password>`;
    return html`${header}<main @cg-account-changed=${this.whoAmI} @cg-navigate=${this.followed}>${this.lazy(tag, page)}</main>`;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const header = html`<header><a class="brand" href="/">Codeground</a>${this.languageMenu(t)}</header>`;
    if (this.user === undefined)
      return html`${header}<main><p role="status">${this.error || t.t("loading")}</p></main>`;
    const linkPage = linkPageOf(location.pathname);
    if (linkPage) return this.linkPage(t, linkPage);
    if (this.user === null) {
      return html`${header}<main @cg-navigate=${this.followed}>
        ${location.pathname === CONNECT ? html`<p>${t.t("intro.connect")}</p>` : ""}
        ${location.pathname === LTI_CONNECT ? html`<p>${t.t("intro.lti")}</p>` : ""}
        ${this.invitation ? html`<p>${t.t("intro.invitation")}</p><p>${t.t("intro.invitation.signup")}</p>` : ""}
        <cg-auth @cg-signed-in=${(e: CustomEvent<User>) => {
          this.user = e.detail;
        }}></cg-auth></main>`;
    }
    if (location.pathname === CONNECT) {
      return html`${header}<main><cg-connect .user=${this.user} @cg-signed-out=${this.logout}></cg-connect></main>`;
    }
    if (location.pathname === LTI_CONNECT) {
      return html`${header}<main>${this.lazy(
        "cg-lti-connect",
        html`<cg-lti-connect .user=${this.user} @cg-signed-out=${this.logout}></cg-lti-connect>`,
      )}</main>`;
    }
    return html`
      ${this.navigation(t, this.user)}
      ${this.sandboxDown ? html`<div class="banner" role="alert">${t.t("sandbox.down")}</div>` : ""}
      <main @cg-account-changed=${this.whoAmI} @cg-signed-out=${this.logout} @cg-navigate=${this.followed}>
        ${this.user.emailVerified === false ? html`<cg-verify-banner .user=${this.user}></cg-verify-banner>` : ""}
        ${this.view()}
      </main>
    `;
  }
}
applyPortalLocale();
customElements.define("cg-portal", CgPortal);
