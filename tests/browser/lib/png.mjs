// A synthetic site plan (PNG) made in code: a grey ground with a road grid and building blocks.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Buildings as [x, y, w, h, r, g, b] on the plan. */
const BLOCKS = [
  [80, 80, 260, 160, 176, 190, 205],
  [420, 80, 180, 260, 196, 205, 180],
  [700, 90, 380, 140, 205, 190, 176],
  [80, 340, 200, 300, 190, 176, 205],
  [380, 420, 320, 200, 176, 205, 196],
  [800, 330, 280, 330, 205, 196, 176],
];

export function sitePlanPng(width = 1200, height = 760) {
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0;
    for (let x = 0; x < width; x++) {
      let rgb = [236, 238, 240];
      if (x % 100 === 0 || y % 100 === 0) rgb = [226, 229, 232];
      if ((y >= 290 && y < 310) || (x >= 350 && x < 370) || (x >= 740 && x < 760)) rgb = [150, 156, 164];
      for (const [bx, by, bw, bh, r, g, b] of BLOCKS) {
        if (x >= bx && x < bx + bw && y >= by && y < by + bh) {
          const edge = x < bx + 3 || x >= bx + bw - 3 || y < by + 3 || y >= by + bh - 3;
          rgb = edge ? [90, 98, 110] : [r, g, b];
        }
      }
      raw.set(rgb, y * row + 1 + x * 3);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
