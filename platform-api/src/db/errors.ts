/** A unique constraint refused the row, on any of the three databases. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; number?: unknown };
  return (
    e?.code === "23505" ||
    e?.code === "SQLITE_CONSTRAINT_UNIQUE" ||
    e?.code === "SQLITE_CONSTRAINT_PRIMARYKEY" ||
    e?.number === 2627 ||
    e?.number === 2601
  );
}
