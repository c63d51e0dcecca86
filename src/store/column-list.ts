/**
 * A `{ column: value }` record as the pieces of an INSERT: `(${names}) VALUES (${placeholders})`
 * bound to `values`, in the record's order. Column names are our own keys, never input: safe to
 * inline in SQL.
 */
export function columnList<V>(columns: Record<string, V>): { names: string; placeholders: string; values: V[] } {
  const names = Object.keys(columns);
  return { names: names.join(', '), placeholders: names.map(() => '?').join(', '), values: Object.values(columns) };
}
