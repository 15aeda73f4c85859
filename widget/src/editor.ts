import {
  history,
  historyKeymap,
  indentLess,
  indentMore,
  insertNewlineAndIndent,
  standardKeymap,
  toggleComment,
} from "@codemirror/commands";
import {
  bracketMatching,
  HighlightStyle,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { Compartment, EditorState, Prec } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { tags as t } from "@lezer/highlight";
import { LANGUAGES } from "./languages/index.js";

/** Token colours come from custom properties, so light and dark (and the host's theme) apply. */
const highlight = HighlightStyle.define([
  {
    tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword],
    color: "var(--cg-syntax-keyword)",
  },
  { tag: [t.string, t.special(t.string), t.regexp], color: "var(--cg-syntax-string)" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "var(--cg-syntax-comment)", fontStyle: "italic" },
  { tag: [t.number, t.bool, t.null, t.atom], color: "var(--cg-syntax-number)" },
  {
    // `standard`: built-ins (print, len, map…), as the stream tokenizers mark them.
    tag: [
      t.definition(t.variableName),
      t.function(t.variableName),
      t.function(t.propertyName),
      t.standard(t.variableName),
    ],
    color: "var(--cg-syntax-function)",
  },
  { tag: [t.typeName, t.className, t.namespace], color: "var(--cg-syntax-type)" },
  { tag: [t.meta, t.processingInstruction], color: "var(--cg-syntax-meta)" },
  { tag: t.invalid, color: "var(--cg-bad)" },
]);

const theme = EditorView.theme({
  "&": {
    backgroundColor: "var(--cg-editor-bg)",
    color: "var(--cg-fg)",
    fontSize: "14px",
    border: "1px solid var(--cg-border)",
    borderRadius: "var(--cg-radius)",
  },
  "&.cm-focused": { outline: "2px solid var(--cg-focus)", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "var(--cg-mono-font)", lineHeight: "1.5", minHeight: "12em" },
  ".cm-content": { caretColor: "var(--cg-fg)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--cg-fg)" },
  ".cm-gutters": {
    backgroundColor: "var(--cg-editor-bg)",
    color: "var(--cg-muted)",
    borderRight: "1px solid var(--cg-border)",
  },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "var(--cg-active-line)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground": {
    backgroundColor: "var(--cg-selection)",
  },
  ".cm-matchingBracket": { outline: "1px solid var(--cg-muted)" },
});

export interface EditorOptions {
  parent: HTMLElement;
  /** The shadow root the editor lives in (its styles are mounted there). */
  root: ShadowRoot | Document;
  doc: string;
  language: string;
  label: string;
  /** The page's CSP nonce, for the style element browsers without constructable sheets need. */
  nonce?: string;
  onChange(code: string): void;
  onRun(): void;
  onSubmit(): void;
}

/** A CodeMirror 6 editor with the learner's shortcuts; the language can change in place. */
export function createEditor(options: EditorOptions) {
  const language = new Compartment();
  const label = new Compartment();
  let wanted = options.language;
  const view = new EditorView({
    parent: options.parent,
    root: options.root,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        // Long lines wrap instead of scrolling sideways: on a phone the whole line stays in view.
        EditorView.lineWrapping,
        Prec.highest(
          keymap.of([
            {
              key: "Mod-Shift-Enter",
              run: () => {
                options.onSubmit();
                return true;
              },
            },
            {
              key: "Mod-Enter",
              run: () => {
                options.onRun();
                return true;
              },
            },
          ]),
        ),
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        history(),
        drawSelection(),
        indentOnInput(),
        indentUnit.of("    "),
        bracketMatching(),
        syntaxHighlighting(highlight),
        // Tab indents; Escape then Tab leaves the editor (CodeMirror's own escape hatch).
        keymap.of([
          { key: "Enter", run: insertNewlineAndIndent },
          { key: "Tab", run: indentMore, shift: indentLess },
          { key: "Mod-/", run: toggleComment },
          ...standardKeymap,
          ...historyKeymap,
        ]),
        language.of([]),
        theme,
        label.of(EditorView.contentAttributes.of({ "aria-label": options.label })),
        ...(options.nonce ? [EditorView.cspNonce.of(options.nonce)] : []),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });

  async function setLanguage(id: string) {
    wanted = id;
    const load = LANGUAGES[id];
    const support = load ? (await load()).default() : [];
    // A slower load finishing after a newer choice must not win.
    if (wanted === id) view.dispatch({ effects: language.reconfigure(support) });
  }
  void setLanguage(options.language);

  return {
    view,
    setLanguage,
    get code() {
      return view.state.doc.toString();
    },
    /** Renames the editor for assistive technology (another language, another locale). */
    setLabel(text: string) {
      view.dispatch({ effects: label.reconfigure(EditorView.contentAttributes.of({ "aria-label": text })) });
    },
    replace(doc: string) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: doc } });
    },
    destroy: () => view.destroy(),
  };
}

export type Editor = ReturnType<typeof createEditor>;
