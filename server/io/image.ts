/**
 * Recognises the images a photo upload may be (JPEG, PNG, WebP) by their magic bytes — never by
 * the file name or the browser's declared type — and reads their pixel size from the header.
 */

export interface ImageInfo {
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  ext: 'jpg' | 'png' | 'webp';
  width: number;
  height: number;
}

const startsWith = (buf: Buffer, bytes: number[], at = 0) => bytes.every((b, i) => buf[at + i] === b);

/** JPEG: walk the markers to the first start-of-frame (SOF0–SOF15 except DHT, JPG, DAC). */
function jpegSize(buf: Buffer): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < buf.length) {
    if (buf[i] !== 0xff) return null;
    const marker = buf[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    if (len < 2) return null;
    i += 2 + len;
  }
  return null;
}

function webpSize(buf: Buffer): { width: number; height: number } | null {
  if (buf.length < 30) return null;
  const chunk = buf.toString('ascii', 12, 16);
  if (chunk === 'VP8 ' && startsWith(buf, [0x9d, 0x01, 0x2a], 23))
    return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L' && buf[20] === 0x2f) {
    const bits = buf.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return { width: buf.readUIntLE(24, 3) + 1, height: buf.readUIntLE(27, 3) + 1 };
  return null;
}

/**
 * What image `buf` holds.
 * @returns its type and size, or null when it is not a JPEG, PNG or WebP whose header can be read
 */
export function sniffImage(buf: Buffer): ImageInfo | null {
  let size: { width: number; height: number } | null = null;
  let kind: Pick<ImageInfo, 'mime' | 'ext'> | null = null;
  if (startsWith(buf, [0xff, 0xd8, 0xff])) {
    kind = { mime: 'image/jpeg', ext: 'jpg' };
    size = jpegSize(buf);
  } else if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && buf.length >= 24) {
    kind = { mime: 'image/png', ext: 'png' };
    size = { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  } else if (buf.toString('ascii', 0, 4) === 'RIFF' && buf.toString('ascii', 8, 12) === 'WEBP') {
    kind = { mime: 'image/webp', ext: 'webp' };
    size = webpSize(buf);
  }
  if (!kind || !size || size.width < 1 || size.height < 1) return null;
  return { ...kind, ...size };
}
