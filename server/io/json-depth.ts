/**
 * Whether a JSON text nests deeper than `max` arrays and objects. `JSON.parse` accepts 500,000
 * levels, but recursive code after it (validators, `JSON.stringify`, geometry walks) then
 * overflows the stack, so depth is bounded before parsing. A linear scan that skips strings.
 */
export function jsonDeeperThan(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
