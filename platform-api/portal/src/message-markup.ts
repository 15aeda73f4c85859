/**
 * A translated message with some placeholders standing for markup (a name in bold, a link): the
 * text split around them, for a Lit template to render. `fill(t.t("key", { n: 3 }), { course: html`…` })`;
 * the translator leaves the placeholders it was not given as `{name}`.
 */
export function fill(text: string, parts: Readonly<Record<string, unknown>>): unknown[] {
  return text.split(/(\{\w+\})/).map((piece) => {
    const name = /^\{(\w+)\}$/.exec(piece)?.[1];
    return name !== undefined && Object.hasOwn(parts, name) ? parts[name] : piece;
  });
}
