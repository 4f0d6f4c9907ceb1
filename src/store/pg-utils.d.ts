// pg converts each parameter to text with this function; db.ts reuses it to write parameters as literals.
declare module 'pg/lib/utils.js' {
  export function prepareValue(value: unknown): string | Buffer | null;
}
