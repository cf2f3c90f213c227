/**
 * Doubles in JSON text a database wrote: a dialect's `FeatureText.float` writes a double as its
 * digits between two U+0003 (escaped in JSON), which reads back as the same double; node writes its
 * shortest form here, in the text's UTF-8 bytes, as JSON.stringify would.
 */

/** The marks around a double's digits in JSON text (an escaped U+0003), with the string's quote. */
const OPEN_MARK = Buffer.from('"\\u0003');
const CLOSE_MARK = Buffer.from('\\u0003"');

/**
 * Writes the doubles of `keys` in a database's JSON text (the dialects' `FeatureText.float`: a string of
 * digits between escaped marks) as JSON.stringify does, in its UTF-8 bytes. Only a member with one
 * of these keys matches: inside a string, every quote is escaped.
 */
export function unmark(text: Buffer, keys: readonly string[]): Buffer {
  let at = keys.length ? text.indexOf(OPEN_MARK) : -1;
  if (at < 0) return text;
  const heads = keys.map((k) => Buffer.from(`${JSON.stringify(k)}:`));
  const parts: Buffer[] = [];
  let copied = 0;
  while (at >= 0) {
    const digits = at + OPEN_MARK.length;
    // A key's head is an object's member: within strings, quotes come escaped.
    const end = heads.some((h) => at >= h.length && text.subarray(at - h.length, at).equals(h))
      ? text.indexOf(CLOSE_MARK, digits)
      : -1;
    if (end >= 0) {
      const n = Number(text.toString('latin1', digits, end));
      parts.push(text.subarray(copied, at), Buffer.from(Number.isFinite(n) ? String(n) : 'null'));
      copied = end + CLOSE_MARK.length;
    }
    at = text.indexOf(OPEN_MARK, end >= 0 ? copied : digits);
  }
  if (!parts.length) return text;
  parts.push(text.subarray(copied));
  return Buffer.concat(parts);
}
