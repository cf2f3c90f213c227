/**
 * Text decoding for uploads. Chinese office software often writes GBK (Excel's "CSV" on a Chinese
 * Windows, ArcGIS DBFs); everything else here is UTF-8. A BOM or an explicit choice decides;
 * otherwise bytes that are valid UTF-8 are UTF-8, and anything else is read as GB18030 (a superset
 * of GBK and GB2312).
 */
import { invalidFile } from './limits.ts';

export type TextEncoding = 'UTF-8' | 'GBK' | 'UTF-16LE' | 'UTF-16BE';

const LABELS: Record<string, TextEncoding> = {
  'utf-8': 'UTF-8',
  utf8: 'UTF-8',
  '65001': 'UTF-8',
  gbk: 'GBK',
  gb2312: 'GBK',
  gb18030: 'GBK',
  cp936: 'GBK',
  '936': 'GBK',
  'x-gbk': 'GBK',
  ansi_936: 'GBK',
};

/** Maps a user's or a .cpg's encoding name to one we read; null for names we do not know. */
export function encodingFromLabel(label: string): TextEncoding | null {
  return LABELS[label.trim().toLowerCase()] ?? null;
}

const decoder = (e: TextEncoding, fatal: boolean) =>
  new TextDecoder(e === 'GBK' ? 'gb18030' : e.toLowerCase(), { fatal });

/** Whether the bytes are valid UTF-8. */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    decoder('UTF-8', true).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Decodes with a known encoding; a BOM is dropped. */
export function decodeAs(bytes: Uint8Array, encoding: TextEncoding): string {
  const text = decoder(encoding, false).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Decodes text, detecting the encoding unless one is given.
 * @returns the text (without BOM) and the encoding used
 */
export function decodeText(bytes: Uint8Array, forced?: TextEncoding | null): { text: string; encoding: TextEncoding } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: decodeAs(bytes.subarray(3), 'UTF-8'), encoding: 'UTF-8' };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: decodeAs(bytes, 'UTF-16LE'), encoding: 'UTF-16LE' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: decodeAs(bytes, 'UTF-16BE'), encoding: 'UTF-16BE' };
  if (forced) {
    // A stated encoding the bytes break is an error, not a page of U+FFFD replacement marks.
    try {
      decoder(forced, true).decode(bytes);
    } catch {
      throw invalidFile(`The file is not valid ${forced} text: choose its real encoding, or "auto"`);
    }
    return { text: decodeAs(bytes, forced), encoding: forced };
  }
  if (isUtf8(bytes)) return { text: decodeAs(bytes, 'UTF-8'), encoding: 'UTF-8' };
  let text: string;
  try {
    text = decoder('GBK', true).decode(bytes);
  } catch {
    throw invalidFile('The file is neither UTF-8 nor GBK text: save it as UTF-8 and try again');
  }
  return { text, encoding: 'GBK' };
}

/** Refuses binary content posing as text (a NUL byte never occurs in CSV, JSON or KML). */
export function assertText(text: string, what: string): void {
  if (text.includes('\u0000')) throw invalidFile(`This is not a ${what} file: it contains binary data`);
}
