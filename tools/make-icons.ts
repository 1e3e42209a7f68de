// `npx tsx tools/make-icons.ts`: draws Hearth's app icons (a flame on a warm tile) into public/icons as
// PNG files, with no image library and nothing downloaded. The output is committed; rerun after a change.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

type Rgba = [number, number, number, number];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) rows.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", zlib.deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

const clamp = (v: number) => Math.max(0, Math.min(1, v));
const mix = (a: Rgba, b: Rgba, t: number): Rgba => a.map((v, i) => Math.round(v + ((b[i] ?? 0) - v) * t)) as Rgba;

/** Inside-ness (0..1, antialiased) of a flame: a circle at the bottom drawn up to a point. */
function flame(u: number, v: number, scale: number, px: number): number {
  const cx = 0.5;
  const cy = 0.62;
  const r = 0.2 * scale;
  const dx = u - cx;
  const dy = v - cy;
  let d = Math.hypot(dx, dy) - r;
  const tip = cy - 0.42 * scale;
  if (v < cy && v > tip) {
    const halfWidth = r * ((v - tip) / (cy - tip)) ** 0.8;
    d = Math.min(d, Math.abs(dx) - halfWidth);
  }
  return clamp(0.5 - d / px);
}

function icon(size: number, options: { maskable: boolean }): Buffer {
  const top: Rgba = [249, 115, 22, 255];
  const bottom: Rgba = [194, 65, 12, 255];
  const px = 1 / size;
  // A maskable icon fills the square (the launcher cuts its own shape) and keeps the flame in the safe zone.
  const corner = options.maskable ? 0 : 0.22;
  const scale = options.maskable ? 0.75 : 1;
  return encodePng(size, (x, y) => {
    const u = (x + 0.5) / size;
    const v = (y + 0.5) / size;
    const qx = Math.max(Math.abs(u - 0.5) - (0.5 - corner), 0);
    const qy = Math.max(Math.abs(v - 0.5) - (0.5 - corner), 0);
    const tile = clamp(0.5 - (Math.hypot(qx, qy) - corner) / px);
    const background = mix(top, bottom, v);
    const outer = flame(u, v, scale, px);
    const inner = flame(u, v + 0.06 * scale, scale * 0.55, px);
    let color = mix(background, [255, 247, 237, 255], outer);
    color = mix(color, [253, 186, 116, 255], inner);
    return [color[0], color[1], color[2], Math.round(255 * tile)];
  });
}

const out = path.join(import.meta.dirname, "..", "public", "icons");
fs.mkdirSync(out, { recursive: true });
for (const [name, size, maskable] of [
  ["icon-192.png", 192, false],
  ["icon-512.png", 512, false],
  ["icon-maskable-512.png", 512, true],
  ["apple-touch-icon.png", 180, true],
  ["favicon-32.png", 32, false],
] as const) {
  fs.writeFileSync(path.join(out, name), icon(size, { maskable }));
  console.log(`wrote public/icons/${name}`);
}
