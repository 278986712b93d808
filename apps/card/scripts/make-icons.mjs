// Writes the PNG app icons in public/icons (run once: `node scripts/make-icons.mjs`).
// PNG is needed next to icon.svg because some Android browsers only install apps with
// raster icons. No image library: a gold star on party red, rasterised with 4x4 supersampling.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const RED = [0xc8, 0x10, 0x2e];
const GOLD = [0xf5, 0xd2, 0x7a];

function crc32(buf) {
  let c;
  let crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function starPolygon(cx, cy, outer) {
  const inner = outer * 0.382;
  const points = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  return points;
}

function inside(points, x, y) {
  let hit = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

function inRoundedSquare(size, radius, x, y) {
  const cx = Math.min(Math.max(x, radius), size - radius);
  const cy = Math.min(Math.max(y, radius), size - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function icon(size, { maskable }) {
  const star = starPolygon(size / 2, size * 0.53, size * (maskable ? 0.3 : 0.38));
  const radius = maskable ? 0 : size * 0.19;
  const out = Buffer.alloc(size * size * 4);
  const S = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const px = x + (sx + 0.5) / S;
          const py = y + (sy + 0.5) / S;
          if (!inRoundedSquare(size, radius, px, py)) continue;
          const c = inside(star, px, py) ? GOLD : RED;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 255;
        }
      }
      const n = S * S;
      const covered = a / 255;
      const o = (y * size + x) * 4;
      out[o] = covered ? Math.round(r / covered) : 0;
      out[o + 1] = covered ? Math.round(g / covered) : 0;
      out[o + 2] = covered ? Math.round(b / covered) : 0;
      out[o + 3] = Math.round(a / n);
    }
  }
  return png(size, out);
}

const dir = new URL("../public/icons/", import.meta.url);
writeFileSync(new URL("icon-192.png", dir), icon(192, { maskable: false }));
writeFileSync(new URL("icon-512.png", dir), icon(512, { maskable: false }));
writeFileSync(new URL("maskable-512.png", dir), icon(512, { maskable: true }));
