import { crc32, deflateSync } from 'node:zlib';

/**
 * A minimal PNG encoder (8-bit RGBA, no interlace) for the Teams app icons, so the package needs no
 * image files or tools.
 */
export type Rgba = readonly [number, number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 4);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = pixel(x, y);
      raw.set([r, g, b, a], row + 1 + x * 4);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A signpost in unit coordinates (0..1): a pole and two arrow-shaped signs pointing either way. */
function onSignpost(u: number, v: number): boolean {
  const pole = u > 0.46 && u < 0.54 && v > 0.12 && v < 0.9;
  const right = v > 0.2 && v < 0.38 && u > 0.3 && u < 0.72 + (0.09 - Math.abs(v - 0.29));
  const left = v > 0.46 && v < 0.64 && u < 0.7 && u > 0.28 - (0.09 - Math.abs(v - 0.55));
  return pole || right || left;
}

const ACCENT: Rgba = [0x00, 0x46, 0x8c, 0xff];
const WHITE: Rgba = [0xff, 0xff, 0xff, 0xff];
const CLEAR: Rgba = [0, 0, 0, 0];

/** Teams colour icon: 192×192, white signpost on the accent colour. */
export function colorIcon(): Buffer {
  return encodePng(192, 192, (x, y) => (onSignpost((x + 0.5) / 192, (y + 0.5) / 192) ? WHITE : ACCENT));
}

/** Teams outline icon: 32×32, white on transparent. */
export function outlineIcon(): Buffer {
  return encodePng(32, 32, (x, y) => (onSignpost((x + 0.5) / 32, (y + 0.5) / 32) ? WHITE : CLEAR));
}
