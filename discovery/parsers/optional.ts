/** `{ [key]: value }` when value is defined, `{}` otherwise (for exactOptionalPropertyTypes object spreads). */
export function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
