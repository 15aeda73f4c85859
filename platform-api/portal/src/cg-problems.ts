import type { ProblemPage, ProblemSummary } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { html, LitElement, nothing } from "lit";
import { api, describe } from "./api.js";
import { portalLocale } from "./locale.js";
import { manageMessages } from "./locales/manage/index.js";
import { portalStyles } from "./styles.js";
import { labelTableCells } from "./table-labels.js";

/** The problem bank: search and filter, a page at a time. */
export class CgProblems extends LitElement {
  static override styles = portalStyles;
  static override properties = { items: { state: true }, next: { state: true }, error: { state: true } };
  declare items: ProblemSummary[] | undefined;
  declare next: string | null;
  declare error: string;
  private query = new URLSearchParams();
  private i18n = new I18nController(this, manageMessages);

  constructor() {
    super();
    labelTableCells(this);
    this.items = undefined;
    this.next = null;
    this.error = "";
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.load(false);
  }

  private async load(more: boolean) {
    try {
      const params = new URLSearchParams(this.query);
      params.set("limit", "25");
      if (more && this.next) params.set("cursor", this.next);
      const page = await api<ProblemPage>("GET", `/problems?${params}`);
      this.items = more ? [...(this.items ?? []), ...page.items] : page.items;
      this.next = page.nextCursor;
      this.error = "";
    } catch (err) {
      this.error = describe(err);
    }
  }

  /** Opens a problem in place (a new tab or window opens it as a page of its own). */
  private open(event: MouseEvent, slug: string) {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    const path = `/problems/${slug}`;
    this.dispatchEvent(new CustomEvent("cg-navigate", { detail: path, bubbles: true, composed: true }));
  }

  private filter(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.query = new URLSearchParams();
    const search = String(form.get("search") ?? "").trim();
    const difficulty = String(form.get("difficulty") ?? "");
    if (search) this.query.set("q", search);
    if (difficulty) this.query.set("difficulty", difficulty);
    void this.load(false);
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    return html`
      <h1>${t.t("problems")}</h1>
      <form @submit=${this.filter} role="search">
        <label for="search">${t.t("search")}</label>
        <input id="search" name="search" type="search" />
        <label for="difficulty">${t.t("problems.difficulty")}</label>
        <select id="difficulty" name="difficulty">
          <option value="">${t.t("problems.any")}</option><option value="easy">${t.t("problems.easy")}</option><option value="medium">${t.t("problems.medium")}</option><option value="hard">${t.t("problems.hard")}</option>
        </select>
        <div class="actions"><button type="submit">${t.t("problems.filter")}</button></div>
      </form>
      <p class="error" role="alert">${this.error}</p>
      ${
        this.items === undefined
          ? html`<p role="status">${t.t("problems.loading")}</p>`
          : html`<table class="stack">
            <thead><tr><th scope="col">${t.t("problem")}</th><th scope="col">${t.t("problems.difficulty")}</th><th scope="col">${t.t("problems.categories")}</th><th scope="col">${t.t("problems.languages")}</th></tr></thead>
            <tbody>
              ${this.items.map(
                (p) => html`<tr>
                  <th scope="row"><a href="/problems/${p.slug}" @click=${(e: MouseEvent) => this.open(e, p.slug)}>${p.title}</a></th>
                  <td>${t.t(`level.${p.difficulty}`)}</td>
                  <td>${p.categories.join(", ")}</td>
                  <td>${p.languages.join(", ")}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
      }
      ${this.next ? html`<div class="actions"><button type="button" @click=${() => this.load(true)}>${t.t("problems.more")}</button></div>` : nothing}
    `;
  }
}
customElements.define("cg-problems", CgProblems);
