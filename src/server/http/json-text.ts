/**
 * A value already written as JSON text (a pull page's rows, which SQLite writes: see
 * src/server/sync/sql.ts), placed into an answer as it is by `stringifyJson`, so the Worker neither
 * decodes nor re-encodes it. `JSON.stringify` still gives the same JSON through `toJSON`, only slower.
 */
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text) as unknown;
  }
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * `JSON.stringify(value)`, except that a `JsonText` is written as its text. Objects and arrays are
 * walked only down to the first level holding no `JsonText`, which goes to `JSON.stringify` whole.
 */
export function stringifyJson(value: unknown): string {
  return write(value) ?? "null";
}

function holdsText(value: unknown, depth: number): boolean {
  if (value instanceof JsonText) return true;
  if (depth === 0 || typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some((v) => holdsText(v, depth - 1));
  return isPlainObject(value) && Object.values(value).some((v) => holdsText(v, depth - 1));
}

function write(value: unknown): string | undefined {
  if (value instanceof JsonText) return value.text;
  // Rows sit at most three levels down (`{pull: {changes: {table: [rows]}}}`); deeper, nothing is raw.
  if (!holdsText(value, 4)) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => write(v) ?? "null").join(",")}]`;
  const parts: string[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const text = write(v);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(",")}}`;
}
