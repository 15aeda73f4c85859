import type {
  ProblemDocumentInput,
  ProblemExport,
  ProblemImportResult,
  ProblemView,
  User,
} from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { css, html, LitElement, nothing } from "lit";
import { ApiError, api, describe } from "./api.js";
import { portalLocale } from "./locale.js";
import { manageMessages } from "./locales/manage/index.js";
import { portalStyles } from "./styles.js";

const YAML = "application/yaml";

/** A starting point for a new problem, in the same shape as an export. */
const TEMPLATE = `slug: sum-two
title: Sum two
statement: |
  Read two integers on one line and print their sum.
difficulty: easy
categories: [math]
languages: [python, cpp]
limits: { timeMs: 2000, memoryMb: 256 }
judge: { mode: stdio, compare: tokens }
starter:
  python: |
    a, b = map(int, input().split())
tests:
  - { input: "1 2\\n", expected: "3\\n", sample: true }
  - { input: "-5 5\\n", expected: "0\\n" }
`;

/** One thing the API found wrong: where (which problem, which field) and what. */
interface Issue {
  index?: number;
  slug?: string;
  path?: string;
  message?: string;
}

/** An API failure as the author needs it: the message, the request id, and each field's problem. */
interface Failure {
  message: string;
  requestId: string | undefined;
  issues: Issue[];
}

const failureOf = (err: unknown): Failure =>
  err instanceof ApiError
    ? { message: err.message, requestId: err.requestId, issues: err.details as Issue[] }
    : { message: describe(err), requestId: undefined, issues: [] };

/** JSON starts with `{` or `[`; anything else is taken for YAML, which the API reads on import. */
const looksLikeJson = (text: string) => /^[[{]/.test(text.trim());

/** An import body from a file's text: JSON made into `{ problems: [...] }`, YAML sent as it is. */
function importBody(text: string): { body: unknown; contentType?: string } {
  if (!looksLikeJson(text)) return { body: text, contentType: YAML };
  const parsed: unknown = JSON.parse(text);
  if (Array.isArray(parsed)) return { body: { problems: parsed } };
  if (parsed && typeof parsed === "object" && "problems" in parsed) return { body: parsed };
  return { body: { problems: [parsed] } };
}

/**
 * Authoring: write a problem document (YAML or JSON) and create it, or load one of your problems,
 * change it and save it as a new version; import a file of problems all at once or not at all;
 * export yours, ready to import elsewhere. For authors and admins.
 */
export class CgAuthoring extends LitElement {
  static override styles = [
    portalStyles,
    css`
      .panel > h2:first-child {
        margin-top: 0;
      }
      textarea {
        font: inherit;
        font-family: var(--cg-mono-font);
        font-size: 0.875rem;
        padding: 0.5rem;
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        background: var(--cg-bg);
        color: var(--cg-fg);
        width: 100%;
        box-sizing: border-box;
      }
      .failure {
        border-inline-start: 4px solid var(--cg-bad);
        padding: 0.25rem 0.75rem;
        margin: 0.75rem 0;
      }
      .failure ul {
        margin: 0.25rem 0;
        padding-inline-start: 1.25rem;
      }
      .inline {
        display: flex;
        gap: 0.5rem;
        align-items: end;
        flex-wrap: wrap;
      }
      .inline label {
        margin-top: 0;
      }
      @media (max-width: 40rem) {
        .inline > div {
          flex: 1 1 100%;
        }
      }
    `,
  ];
  static override properties = {
    user: { attribute: false },
    source: { state: true },
    editing: { state: true },
    busy: { state: true },
    notice: { state: true },
    failure: { state: true },
    importNotice: { state: true },
    importFailure: { state: true },
    imported: { state: true },
  };
  declare user: User | null | undefined;
  /** The document in the editor. */
  declare source: string;
  /** The slug of the problem loaded for editing; saving replaces it. Null: saving creates. */
  declare editing: string | null;
  declare busy: boolean;
  declare notice: string;
  declare failure: Failure | null;
  declare importNotice: string;
  declare importFailure: Failure | null;
  declare imported: ProblemImportResult["problems"];
  private i18n = new I18nController(this, manageMessages);

  constructor() {
    super();
    this.user = undefined;
    this.source = TEMPLATE;
    this.editing = null;
    this.busy = false;
    this.notice = "";
    this.failure = null;
    this.importNotice = "";
    this.importFailure = null;
    this.imported = [];
  }

  private async run(what: () => Promise<void>) {
    this.busy = true;
    try {
      await what();
    } finally {
      this.busy = false;
    }
  }

  private load(event: SubmitEvent) {
    event.preventDefault();
    const slug = String(new FormData(event.target as HTMLFormElement).get("slug") ?? "").trim();
    if (!slug) return;
    const t = this.i18n.current;
    return this.run(async () => {
      this.notice = "";
      this.failure = null;
      try {
        // The export carries hidden tests and solutions too, so saving it back loses nothing.
        const exported = await api<ProblemExport>(
          "GET",
          `/problems/export?${new URLSearchParams({ format: "json", slug })}`,
        );
        const doc = exported.problems[0];
        if (!doc) throw new Error(t.t("author.missing", { slug }));
        this.source = `${JSON.stringify(doc, null, 2)}\n`;
        this.editing = doc.slug;
        this.notice = t.t("author.loaded", { title: doc.title });
      } catch (err) {
        this.failure = failureOf(err);
      }
    });
  }

  private startNew() {
    this.source = TEMPLATE;
    this.editing = null;
    this.notice = "";
    this.failure = null;
  }

  private save(event: SubmitEvent) {
    event.preventDefault();
    const text = this.source;
    const t = this.i18n.current;
    return this.run(async () => {
      this.notice = "";
      this.failure = null;
      try {
        if (!looksLikeJson(text)) {
          // POST and PUT take JSON; a YAML document goes through import, which creates or replaces.
          const result = await api<ProblemImportResult>("POST", "/problems/import", text, YAML);
          this.notice = result.problems
            .map((p) =>
              t.t(p.action === "created" ? "author.created" : "author.replaced", {
                slug: p.slug,
                version: String(p.version),
              }),
            )
            .join(" ");
          this.editing = result.problems[0]?.slug ?? this.editing;
          return;
        }
        let doc: ProblemDocumentInput;
        try {
          doc = JSON.parse(text) as ProblemDocumentInput;
        } catch (err) {
          throw new Error(t.t("author.bad_json", { error: (err as Error).message }));
        }
        const saved = this.editing
          ? await api<ProblemView>("PUT", `/problems/${encodeURIComponent(this.editing)}`, doc)
          : await api<ProblemView>("POST", "/problems", doc);
        this.editing = saved.slug;
        this.notice = t.t("author.saved", {
          title: saved.title,
          slug: saved.slug,
          version: String(saved.version),
        });
      } catch (err) {
        this.failure = failureOf(err);
      }
    });
  }

  private importFile(event: SubmitEvent) {
    event.preventDefault();
    const file = new FormData(event.target as HTMLFormElement).get("file");
    const t = this.i18n.current;
    if (!(file instanceof File) || !file.size) {
      this.importFailure = { message: t.t("author.no_file"), requestId: undefined, issues: [] };
      return;
    }
    return this.run(async () => {
      this.importNotice = "";
      this.importFailure = null;
      this.imported = [];
      try {
        let request: { body: unknown; contentType?: string };
        try {
          request = importBody(await file.text());
        } catch (err) {
          throw new Error(t.t("author.bad_file", { file: file.name, error: (err as Error).message }));
        }
        const result = await api<ProblemImportResult>(
          "POST",
          "/problems/import",
          request.body,
          request.contentType,
        );
        this.imported = result.problems;
        this.importNotice = t.t("author.imported", { count: result.problems.length, file: file.name });
      } catch (err) {
        this.importFailure = failureOf(err);
      }
    });
  }

  /** The API's answer, each issue under the problem it belongs to. */
  private renderFailure(failure: Failure | null, id: string) {
    const t = this.i18n.current;
    if (!failure) return html`<div role="alert" id=${id}></div>`;
    const byProblem = new Map<number | undefined, Issue[]>();
    for (const issue of failure.issues)
      byProblem.set(issue.index, [...(byProblem.get(issue.index) ?? []), issue]);
    const line = (i: Issue) =>
      i.path !== undefined || i.message !== undefined
        ? html`<li><code>${i.path || t.t("author.document_root")}</code>: ${i.message ?? ""}</li>`
        : html`<li>${t.t("author.not_yours", { slug: i.slug ?? "" })}</li>`;
    return html`<div class="failure" role="alert" id=${id}>
      <p class="error">${failure.message}</p>
      ${[...byProblem].map(([index, issues]) =>
        index === undefined
          ? html`<ul>${issues.map(line)}</ul>`
          : html`<p>${this.problemLabel(index, issues.find((i) => i.slug)?.slug)}:</p>
            <ul>${issues.map(line)}</ul>`,
      )}
      ${failure.requestId ? html`<p class="hint">${t.t("request", { id: failure.requestId })}</p>` : nothing}
    </div>`;
  }

  /** "Problem 2 (sum-two)": which problem of an import an issue is about. */
  private problemLabel(index: number, slug: string | undefined) {
    const t = this.i18n.current;
    return slug
      ? t.t("author.problem_slug", { n: index + 1, slug })
      : t.t("author.problem_n", { n: index + 1 });
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    if (this.user && this.user.role !== "author" && this.user.role !== "admin") {
      return html`<h1>${t.t("author.title")}</h1>
        <p>${t.t("author.only")}</p>`;
    }
    const [sampleBefore, sampleAfter] = t.t("author.document_hint").split("{sample}");
    const [listBefore, listRest] = t.t("author.import_hint").split("{problems}");
    const [listMiddle, listAfter] = (listRest ?? "").split("{rule}");
    return html`
      <h1>${t.t("author.title")}</h1>
      <section class="panel" aria-labelledby="write-title">
        <h2 id="write-title">${this.editing ? t.t("author.edit", { slug: this.editing }) : t.t("author.write")}</h2>
        <form class="inline" @submit=${this.load}>
          <div>
            <label for="load-slug">${t.t("author.load_label")}</label>
            <input id="load-slug" name="slug" placeholder="sum-two" pattern="[a-z0-9-]+" required />
          </div>
          <button type="submit" ?disabled=${this.busy}>${t.t("author.load")}</button>
          <button type="button" ?disabled=${this.busy} @click=${this.startNew}>${t.t("author.new")}</button>
        </form>
        <form @submit=${this.save}>
          <label for="document">${t.t("author.document")}</label>
          <textarea id="document" name="document" rows="24" spellcheck="false" aria-describedby="document-hint write-failure"
            .value=${this.source} @input=${(e: Event) => {
              this.source = (e.target as HTMLTextAreaElement).value;
            }}></textarea>
          <p class="hint" id="document-hint">${sampleBefore}<code>sample: true</code>${sampleAfter}</p>
          ${this.renderFailure(this.failure, "write-failure")}
          <p class="ok" role="status">${this.notice}</p>
          <div class="actions">
            <button class="primary" type="submit" ?disabled=${this.busy}>${this.editing ? t.t("author.save") : t.t("author.create")}</button>
          </div>
        </form>
      </section>
      <section class="panel" aria-labelledby="import-title">
        <h2 id="import-title">${t.t("author.import_title")}</h2>
        <p class="hint">${listBefore}<code>problems:</code>${listMiddle}<code>---</code>${listAfter}</p>
        <form @submit=${this.importFile}>
          <label for="import-file">${t.t("author.file")}</label>
          <input id="import-file" name="file" type="file" accept=".yaml,.yml,.json,application/yaml,application/json" />
          <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t.t("author.import")}</button></div>
        </form>
        ${this.renderFailure(this.importFailure, "import-failure")}
        <p class="ok" role="status">${this.importNotice}</p>
        ${
          this.imported.length
            ? html`<ul aria-label=${t.t("author.imported_list")}>
              ${this.imported.map(
                (p) =>
                  html`<li><code>${p.slug}</code>: ${t.t("author.imported_item", {
                    action: t.t(p.action === "created" ? "author.action.created" : "author.action.updated"),
                    version: String(p.version),
                  })}</li>`,
              )}
            </ul>`
            : nothing
        }
      </section>
      <section class="panel" aria-labelledby="export-title">
        <h2 id="export-title">${t.t("author.export")}</h2>
        <p>${this.user?.role === "admin" ? t.t("author.export_admin") : t.t("author.export_hint")}</p>
        <div class="actions">
          <a href="/api/v1/problems/export?format=yaml" download="problems.yaml">${t.t("author.yaml")}</a>
          <a href="/api/v1/problems/export?format=json" download="problems.json">${t.t("author.json")}</a>
        </div>
      </section>
    `;
  }
}
customElements.define("cg-authoring", CgAuthoring);
