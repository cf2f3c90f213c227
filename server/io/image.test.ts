import { describe, expect, it } from 'vitest';
import { makePng } from '../../test/helpers/images.ts';
import { sniffImage } from './image.ts';

/** A JPEG's first bytes: SOI, an APP0 segment, then a baseline SOF0 naming height and width. */
function jpegHeader(width: number, height: number): Buffer {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0];
  return Buffer.from([0xff, 0xd8, ...app0, ...sof0, ...new Array<number>(12).fill(0)]);
}

describe('sniffImage', () => {
  it('reads a PNG', () => {
    expect(sniffImage(makePng(321, 123))).toEqual({ mime: 'image/png', ext: 'png', width: 321, height: 123 });
  });

  it('reads a JPEG past its APP segments', () => {
    expect(sniffImage(jpegHeader(1600, 1200))).toEqual({ mime: 'image/jpeg', ext: 'jpg', width: 1600, height: 1200 });
  });

  it('reads a lossy WebP', () => {
    const buf = Buffer.alloc(40);
    buf.write('RIFF', 0, 'ascii');
    buf.write('WEBPVP8 ', 8, 'ascii');
    buf.set([0x9d, 0x01, 0x2a], 23);
    buf.writeUInt16LE(800, 26);
    buf.writeUInt16LE(600, 28);
    expect(sniffImage(buf)).toEqual({ mime: 'image/webp', ext: 'webp', width: 800, height: 600 });
  });

  it('refuses what is not a JPEG, PNG or WebP, or has no readable size', () => {
    expect(sniffImage(Buffer.from('GIF89a......'))).toBeNull();
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 2]))).toBeNull();
    expect(sniffImage(Buffer.alloc(0))).toBeNull();
  });
});
