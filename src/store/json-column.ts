/** JSON columns: undefined is stored as NULL so "no detail" and "null detail" stay distinct. */

export function toJsonColumn(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export function fromJsonColumn(text: string | null): unknown {
  return text === null ? undefined : (JSON.parse(text) as unknown);
}
