/** Unsent code, kept per problem and language so a reload or a language switch loses nothing. */
export interface DraftStore {
  get(problem: string, language: string): string | undefined;
  set(problem: string, language: string, code: string): void;
}

/** Drafts in `localStorage` (or any Storage); quietly none when storage is refused. */
export function createDraftStore(storage: Pick<Storage, "getItem" | "setItem"> | null): DraftStore {
  const key = (problem: string, language: string) => `cg:draft:${problem}:${language}`;
  return {
    get(problem, language) {
      try {
        return storage?.getItem(key(problem, language)) ?? undefined;
      } catch {
        return undefined;
      }
    },
    set(problem, language, code) {
      try {
        storage?.setItem(key(problem, language), code);
      } catch {
        // Quota or privacy settings: the draft lives only as long as the page.
      }
    },
  };
}

/** Drafts kept nowhere (a page that opts out of storage). */
export const memoryDrafts = (): DraftStore => {
  const map = new Map<string, string>();
  return {
    get: (p, l) => map.get(`${p}:${l}`),
    set: (p, l, c) => void map.set(`${p}:${l}`, c),
  };
};
