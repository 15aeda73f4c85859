/** A page of a cursor-paged list, as `GET /problems` and `GET /submissions` answer. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** Every item of a cursor-paged list, fetching the next page only when the last one is used up. */
export async function* everyItem<T>(
  fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>,
): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
