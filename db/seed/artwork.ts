/**
 * Deterministic product and producer illustrations, drawn as SVG and rasterised by sharp at seed time.
 * There is no network for stock photos, so each piece gets a flat editorial drawing of its kind,
 * in its own palette and material texture, on a soft studio backdrop.
 */
import type { ArtMotif, Palette } from "./types";

type Rng = () => number;

function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** mulberry32: small, fast and good enough for drawing. */
function rngFor(seed: string): Rng {
  let a = hashString(seed);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const between = (rng: Rng, min: number, max: number) => min + (max - min) * rng();
const r1 = (n: number) => Math.round(n * 10) / 10;

function parseHex(hex: string): [number, number, number] {
  const clean = hex.replace("#", "");
  const full = clean.length === 3 ? clean.split("").map((c) => c + c).join("") : clean.padEnd(6, "0").slice(0, 6);
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) || 0) as [number, number, number];
}

/** Lighten (amount > 0) or darken (amount < 0) towards white or black. */
export function shade(hex: string, amount: number): string {
  const target = amount > 0 ? 255 : 0;
  const k = Math.min(1, Math.abs(amount));
  return `#${parseHex(hex)
    .map((c) => Math.round(c + (target - c) * k).toString(16).padStart(2, "0"))
    .join("")}`;
}

type Texture = "weave" | "grain" | "leather" | "metal" | "batik" | "paper" | "glaze";

const motifTexture: Record<ArtMotif, Texture> = {
  basket: "weave",
  bowl: "glaze",
  tray: "weave",
  lamp: "weave",
  chair: "grain",
  stool: "grain",
  table: "grain",
  shelf: "grain",
  mirror: "grain",
  vase: "glaze",
  box: "grain",
  tote: "weave",
  pouch: "leather",
  wallet: "leather",
  belt: "leather",
  notebook: "paper",
  "desk-organiser": "grain",
  "pen-cup": "grain",
  ring: "metal",
  earrings: "metal",
  necklace: "metal",
  bracelet: "metal",
  cushion: "batik",
  scarf: "batik",
  placemat: "weave",
  coaster: "weave",
  "wall-hanging": "batik",
};

/** How the pattern's user space lands on the image: pixels per unit, and where its origin falls (in pixels). */
type Device = { k: number; tx: number; ty: number };
const exact = (n: number) => Number(n.toFixed(6));

/**
 * librsvg paints a pattern about 40 times faster when its tile is a whole number of pixels, starting on a whole
 * pixel, and unrotated (measured: 25 ms against 1 s for a 1280 px fill), so tiles are snapped to the pixel grid.
 */
function texturePattern(id: string, texture: Texture, body: string, accent: string, rng: Rng, scale: number, device: Device): string {
  const dark = shade(body, -0.22);
  const light = shade(body, 0.18);
  const snap = (size: number) => Math.max(2, Math.round(size * device.k)) / device.k;
  const at = `x="${exact((Math.ceil(device.tx) - device.tx) / device.k)}" y="${exact((Math.ceil(device.ty) - device.ty) / device.k)}" patternUnits="userSpaceOnUse"`;
  // The texture's old small tilt: its draw is kept so the rest of each drawing stays as it was.
  const tilt = (max: number) => void between(rng, -max, max);
  switch (texture) {
    case "weave": {
      const s = snap(between(rng, 22, 30) * scale);
      const h = s / 2;
      tilt(4);
      return `<pattern id="${id}" width="${exact(s)}" height="${exact(s)}" ${at}>
<rect width="${exact(s)}" height="${exact(s)}" fill="${body}"/>
<rect x="0" y="0" width="${exact(h)}" height="${exact(h)}" rx="${r1(h / 3)}" fill="${light}"/>
<rect x="${exact(h)}" y="${exact(h)}" width="${exact(h)}" height="${exact(h)}" rx="${r1(h / 3)}" fill="${light}"/>
<path d="M0 ${exact(h)}H${exact(s)}M${exact(h)} 0V${exact(s)}" stroke="${dark}" stroke-width="${r1(s / 14)}" opacity=".55"/>
<rect x="${r1(h * 0.2)}" y="${r1(h * 0.42)}" width="${r1(h * 0.6)}" height="${r1(h * 0.16)}" fill="${accent}" opacity=".35"/>
</pattern>`;
    }
    case "grain": {
      const s = snap(between(rng, 70, 110) * scale);
      const lines = Array.from({ length: 6 }, (_, i) => {
        const y = r1((i + 0.5) * (s / 6));
        const w = r1(between(rng, 3, 9) * scale);
        return `<path d="M0 ${y} C${r1(s * 0.3)} ${r1(y - w)} ${r1(s * 0.6)} ${r1(y + w)} ${exact(s)} ${y}" fill="none" stroke="${i % 2 ? dark : light}" stroke-width="${r1(1.6 * scale)}" opacity=".55"/>`;
      }).join("");
      tilt(6);
      return `<pattern id="${id}" width="${exact(s)}" height="${exact(s)}" ${at}><rect width="${exact(s)}" height="${exact(s)}" fill="${body}"/>${lines}</pattern>`;
    }
    case "leather": {
      const s = snap(18 * scale);
      return `<pattern id="${id}" width="${exact(s)}" height="${exact(s)}" ${at}><rect width="${exact(s)}" height="${exact(s)}" fill="${body}"/><circle cx="${r1(s * 0.3)}" cy="${r1(s * 0.4)}" r="${r1(1.3 * scale)}" fill="${dark}" opacity=".35"/><circle cx="${r1(s * 0.8)}" cy="${r1(s * 0.85)}" r="${r1(1 * scale)}" fill="${light}" opacity=".4"/></pattern>`;
    }
    case "metal": {
      const s = snap(40 * scale);
      return `<pattern id="${id}" width="${exact(s)}" height="${exact(s)}" ${at}><rect width="${exact(s)}" height="${exact(s)}" fill="${body}"/><circle cx="${r1(s * 0.25)}" cy="${r1(s * 0.3)}" r="${r1(s * 0.16)}" fill="${light}" opacity=".6"/><circle cx="${r1(s * 0.75)}" cy="${r1(s * 0.72)}" r="${r1(s * 0.14)}" fill="${dark}" opacity=".35"/></pattern>`;
    }
    case "batik": {
      const s = snap(between(rng, 80, 110) * scale);
      const c = s / 2;
      return `<pattern id="${id}" width="${exact(s)}" height="${exact(s)}" ${at}><rect width="${exact(s)}" height="${exact(s)}" fill="${body}"/>
<circle cx="${exact(c)}" cy="${exact(c)}" r="${r1(s * 0.3)}" fill="none" stroke="${accent}" stroke-width="${r1(4 * scale)}"/>
<circle cx="${exact(c)}" cy="${exact(c)}" r="${r1(s * 0.12)}" fill="${light}"/>
<path d="M${exact(c)} ${r1(s * 0.02)}L${r1(s * 0.08)} ${exact(c)}L${exact(c)} ${r1(s * 0.98)}L${r1(s * 0.92)} ${exact(c)}Z" fill="none" stroke="${light}" stroke-width="${r1(2 * scale)}" opacity=".6"/>
<circle cx="0" cy="0" r="${r1(s * 0.1)}" fill="${accent}" opacity=".7"/><circle cx="${exact(s)}" cy="0" r="${r1(s * 0.1)}" fill="${accent}" opacity=".7"/><circle cx="0" cy="${exact(s)}" r="${r1(s * 0.1)}" fill="${accent}" opacity=".7"/><circle cx="${exact(s)}" cy="${exact(s)}" r="${r1(s * 0.1)}" fill="${accent}" opacity=".7"/>
</pattern>`;
    }
    case "paper": {
      const s = snap(34 * scale);
      return `<pattern id="${id}" width="${exact(s)}" height="${exact(s)}" ${at}><rect width="${exact(s)}" height="${exact(s)}" fill="${body}"/><path d="M${r1(s * 0.1)} ${r1(s * 0.3)}l${r1(s * 0.2)} ${r1(s * 0.05)}M${r1(s * 0.6)} ${r1(s * 0.7)}l${r1(s * 0.15)} -${r1(s * 0.04)}" stroke="${dark}" stroke-width="${r1(1.2 * scale)}" opacity=".3"/></pattern>`;
    }
    case "glaze": {
      const s = snap(between(rng, 60, 90) * scale);
      return `<pattern id="${id}" width="${exact(s)}" height="${exact(s)}" ${at}><rect width="${exact(s)}" height="${exact(s)}" fill="${body}"/><path d="M0 ${r1(s * 0.5)}Q${r1(s * 0.25)} ${r1(s * 0.38)} ${r1(s * 0.5)} ${r1(s * 0.5)}T${exact(s)} ${r1(s * 0.5)}" fill="none" stroke="${accent}" stroke-width="${r1(3 * scale)}" opacity=".45"/></pattern>`;
    }
  }
}

/** A filled shape with its texture, a soft light-to-shadow overlay and a thin outline. */
function solid(d: string, extra = ""): string {
  return `<path d="${d}" fill="url(#tex)"${extra}/><path d="${d}" fill="url(#shade)"/><path d="${d}" fill="none" stroke="url(#edge)" stroke-width="3"/>`;
}
function solidRect(x: number, y: number, w: number, h: number, rx = 6): string {
  return solid(`M${r1(x + rx)} ${r1(y)}H${r1(x + w - rx)}Q${r1(x + w)} ${r1(y)} ${r1(x + w)} ${r1(y + rx)}V${r1(y + h - rx)}Q${r1(x + w)} ${r1(y + h)} ${r1(x + w - rx)} ${r1(y + h)}H${r1(x + rx)}Q${r1(x)} ${r1(y + h)} ${r1(x)} ${r1(y + h - rx)}V${r1(y + rx)}Q${r1(x)} ${r1(y)} ${r1(x + rx)} ${r1(y)}Z`);
}
function ellipsePath(cx: number, cy: number, rx: number, ry: number): string {
  return `M${r1(cx - rx)} ${r1(cy)}A${r1(rx)} ${r1(ry)} 0 1 0 ${r1(cx + rx)} ${r1(cy)}A${r1(rx)} ${r1(ry)} 0 1 0 ${r1(cx - rx)} ${r1(cy)}Z`;
}
function ring(cx: number, cy: number, rx: number, ry: number, width: number, color: string): string {
  return `<ellipse cx="${r1(cx)}" cy="${r1(cy)}" rx="${r1(rx)}" ry="${r1(ry)}" fill="none" stroke="${color}" stroke-width="${r1(width)}"/>`;
}

type Draw = (rng: Rng, c: { body: string; accent: string; dark: string; light: string }) => string;

const FLOOR = 930;

const drawings: Record<ArtMotif, Draw> = {
  basket: (rng, c) => {
    const w = between(rng, 480, 560);
    const top = between(rng, 380, 440);
    const taper = between(rng, 40, 80);
    const x0 = 600 - w / 2;
    const body = `M${r1(x0)} ${r1(top)}L${r1(x0 + taper)} ${FLOOR - 10}Q600 ${FLOOR + 12} ${r1(x0 + w - taper)} ${FLOOR - 10}L${r1(x0 + w)} ${r1(top)}Z`;
    const bands = [0.3, 0.62].map((f) => {
      const y = top + (FLOOR - top) * f;
      const inset = taper * f;
      return `<path d="M${r1(x0 + inset)} ${r1(y)}Q600 ${r1(y + 26)} ${r1(x0 + w - inset)} ${r1(y)}" stroke="${c.accent}" stroke-width="18" fill="none" opacity=".9"/>`;
    });
    return `${solid(body)}${bands.join("")}<ellipse cx="600" cy="${r1(top)}" rx="${r1(w / 2)}" ry="34" fill="${c.dark}"/><ellipse cx="600" cy="${r1(top)}" rx="${r1(w / 2)}" ry="34" fill="none" stroke="${c.light}" stroke-width="14"/>`;
  },
  bowl: (rng, c) => {
    const w = between(rng, 600, 700);
    const h = between(rng, 230, 300);
    const top = FLOOR - h - 20;
    const d = `M${r1(600 - w / 2)} ${r1(top)}Q${r1(600 - w / 2 + 20)} ${FLOOR - 20} 600 ${FLOOR - 10}Q${r1(600 + w / 2 - 20)} ${FLOOR - 20} ${r1(600 + w / 2)} ${r1(top)}Z`;
    return `${solid(d)}<ellipse cx="600" cy="${r1(top)}" rx="${r1(w / 2)}" ry="46" fill="${c.dark}"/><ellipse cx="600" cy="${r1(top + 8)}" rx="${r1(w / 2 - 26)}" ry="30" fill="${shade(c.body, -0.35)}"/><path d="M${r1(600 - w / 2 + 40)} ${r1(top + 60)}Q600 ${r1(top + 110)} ${r1(600 + w / 2 - 40)} ${r1(top + 60)}" stroke="${c.accent}" stroke-width="12" fill="none" opacity=".8"/>`;
  },
  tray: (rng, c) => {
    const w = between(rng, 700, 780);
    const y = between(rng, 700, 740);
    return `${solid(ellipsePath(600, y + 40, w / 2, 120))}${solid(ellipsePath(600, y, w / 2, 120))}<ellipse cx="600" cy="${r1(y + 6)}" rx="${r1(w / 2 - 36)}" ry="92" fill="${shade(c.body, -0.18)}"/>${ring(600, y, w / 2 - 18, 105, 10, c.accent)}<path d="M${r1(600 - w / 2 - 12)} ${r1(y - 10)}q-30 20 0 40M${r1(600 + w / 2 + 12)} ${r1(y - 10)}q30 20 0 40" stroke="${c.dark}" stroke-width="14" fill="none" stroke-linecap="round"/>`;
  },
  lamp: (rng, c) => {
    const shadeW = between(rng, 380, 460);
    const shadeTop = between(rng, 250, 300);
    const d = `M${r1(600 - shadeW / 3)} ${r1(shadeTop)}L${r1(600 + shadeW / 3)} ${r1(shadeTop)}L${r1(600 + shadeW / 2)} ${r1(shadeTop + 260)}L${r1(600 - shadeW / 2)} ${r1(shadeTop + 260)}Z`;
    return `<rect x="588" y="${r1(shadeTop + 250)}" width="24" height="${r1(FLOOR - shadeTop - 290)}" fill="${c.dark}"/>${solid(ellipsePath(600, FLOOR - 30, 150, 34))}${solid(d)}<path d="M${r1(600 - shadeW / 2)} ${r1(shadeTop + 260)}L${r1(600 + shadeW / 2)} ${r1(shadeTop + 260)}" stroke="${c.accent}" stroke-width="14"/><ellipse cx="600" cy="${r1(shadeTop + 275)}" rx="${r1(shadeW / 2.6)}" ry="20" fill="#fff4c9" opacity=".75"/>`;
  },
  chair: (rng, c) => {
    const seatY = between(rng, 600, 640);
    const w = between(rng, 380, 440);
    const x0 = 600 - w / 2;
    return `${solidRect(x0 + 10, 250, 34, seatY - 250 + 10, 10)}${solidRect(x0 + w - 44, 250, 34, seatY - 250 + 10, 10)}${solidRect(x0 + 10, 260, w - 20, 150, 18)}${solidRect(x0 + 10, seatY + 40, 34, FLOOR - seatY - 40, 8)}${solidRect(x0 + w - 44, seatY + 40, 34, FLOOR - seatY - 40, 8)}${solidRect(x0 - 10, seatY, w + 20, 58, 14)}<path d="M${r1(x0 + 30)} ${r1(seatY + 20)}H${r1(x0 + w - 30)}" stroke="${c.accent}" stroke-width="8" opacity=".7"/><path d="M${r1(x0 + 60)} 300V380M${r1(x0 + 110)} 300V380M${r1(x0 + w - 60)} 300V380M${r1(x0 + w - 110)} 300V380" stroke="${c.dark}" stroke-width="8" opacity=".5"/>`;
  },
  stool: (rng, c) => {
    const topY = between(rng, 540, 600);
    const w = between(rng, 380, 460);
    return `${solid(`M${r1(600 - w / 2 + 30)} ${r1(topY + 30)}L${r1(600 - w / 2 - 10)} ${FLOOR}H${r1(600 - w / 2 + 40)}L${r1(600 - 60)} ${r1(topY + 30)}Z`)}${solid(`M${r1(600 + w / 2 - 30)} ${r1(topY + 30)}L${r1(600 + w / 2 + 10)} ${FLOOR}H${r1(600 + w / 2 - 40)}L${r1(600 + 60)} ${r1(topY + 30)}Z`)}${solid(ellipsePath(600, topY + 30, w / 2, 50))}${solid(ellipsePath(600, topY, w / 2, 50))}${ring(600, topY, w / 2 - 40, 30, 6, c.accent)}`;
  },
  table: (rng, c) => {
    const topY = between(rng, 520, 580);
    const w = between(rng, 560, 660);
    const x0 = 600 - w / 2;
    return `${solidRect(x0 + 40, topY + 40, 40, FLOOR - topY - 40, 8)}${solidRect(x0 + w - 80, topY + 40, 40, FLOOR - topY - 40, 8)}${solidRect(x0 + 60, topY + 220, w - 120, 24, 6)}${solidRect(x0, topY, w, 56, 12)}<path d="M${r1(x0 + 20)} ${r1(topY + 16)}H${r1(x0 + w - 20)}" stroke="${c.light}" stroke-width="5" opacity=".6"/>`;
  },
  shelf: (rng, c) => {
    const w = between(rng, 440, 520);
    const x0 = 600 - w / 2;
    const top = 240;
    const shelves = [0, 1, 2, 3].map((i) => solidRect(x0, top + i * ((FLOOR - top - 30) / 3), w, 30, 6)).join("");
    const items = `<rect x="${r1(x0 + 50)}" y="${r1(top + 120)}" width="70" height="96" rx="8" fill="${c.accent}"/><circle cx="${r1(x0 + w - 110)}" cy="${r1(top + 370)}" r="60" fill="${shade(c.accent, 0.3)}"/><rect x="${r1(x0 + 180)}" y="${r1(top + 330)}" width="30" height="100" fill="${c.dark}"/><rect x="${r1(x0 + 215)}" y="${r1(top + 345)}" width="30" height="85" fill="${c.light}"/>`;
    return `${solidRect(x0, top, 30, FLOOR - top, 6)}${solidRect(x0 + w - 30, top, 30, FLOOR - top, 6)}${items}${shelves}`;
  },
  mirror: (rng, c) => {
    const r = between(rng, 270, 310);
    const cy = 560;
    const rays = Array.from({ length: 24 }, (_, i) => {
      const a = (i / 24) * Math.PI * 2;
      return `M${r1(600 + Math.cos(a) * (r - 10))} ${r1(cy + Math.sin(a) * (r - 10))}L${r1(600 + Math.cos(a) * (r + 50))} ${r1(cy + Math.sin(a) * (r + 50))}`;
    }).join("");
    return `<path d="${rays}" stroke="${c.body}" stroke-width="22" stroke-linecap="round"/>${solid(ellipsePath(600, cy, r, r))}<circle cx="600" cy="${cy}" r="${r1(r - 46)}" fill="url(#glass)"/><path d="M${r1(600 - r * 0.45)} ${r1(cy - r * 0.2)}l${r1(r * 0.3)} -${r1(r * 0.3)}M${r1(600 - r * 0.4)} ${r1(cy)}l${r1(r * 0.5)} -${r1(r * 0.5)}" stroke="#fff" stroke-width="10" opacity=".45" stroke-linecap="round"/>`;
  },
  vase: (rng, c) => {
    const belly = between(rng, 190, 240);
    const neck = between(rng, 60, 85);
    const top = between(rng, 260, 320);
    const d = `M${r1(600 - neck)} ${r1(top)}Q${r1(600 - neck)} ${r1(top + 120)} ${r1(600 - belly)} ${r1(top + 300)}Q${r1(600 - belly - 20)} ${FLOOR - 60} ${r1(600 - belly * 0.55)} ${FLOOR - 6}H${r1(600 + belly * 0.55)}Q${r1(600 + belly + 20)} ${FLOOR - 60} ${r1(600 + belly)} ${r1(top + 300)}Q${r1(600 + neck)} ${r1(top + 120)} ${r1(600 + neck)} ${r1(top)}Z`;
    return `${solid(d)}<ellipse cx="600" cy="${r1(top)}" rx="${r1(neck + 10)}" ry="20" fill="${c.dark}"/><path d="M${r1(600 - belly + 16)} ${r1(top + 330)}Q600 ${r1(top + 380)} ${r1(600 + belly - 16)} ${r1(top + 330)}" stroke="${c.accent}" stroke-width="16" fill="none"/>`;
  },
  box: (rng, c) => {
    const w = between(rng, 520, 600);
    const h = between(rng, 260, 320);
    const x0 = 600 - w / 2;
    const y0 = FLOOR - h;
    return `${solidRect(x0, y0, w, h, 14)}${solidRect(x0 - 16, y0 - 70, w + 32, 90, 18)}<rect x="${r1(600 - 40)}" y="${r1(y0 - 10)}" width="80" height="40" rx="8" fill="${c.accent}"/><path d="M${r1(x0 + 40)} ${r1(y0 + h / 2)}H${r1(x0 + w - 40)}" stroke="${c.light}" stroke-width="4" opacity=".5"/>`;
  },
  tote: (rng, c) => {
    const w = between(rng, 500, 560);
    const top = between(rng, 440, 480);
    const x0 = 600 - w / 2;
    const handle = `<path d="M${r1(x0 + 110)} ${r1(top + 10)}C${r1(x0 + 110)} ${r1(top - 260)} ${r1(x0 + w - 110)} ${r1(top - 260)} ${r1(x0 + w - 110)} ${r1(top + 10)}" fill="none" stroke="${c.dark}" stroke-width="30" stroke-linecap="round"/>`;
    const d = `M${r1(x0)} ${r1(top)}H${r1(x0 + w)}L${r1(x0 + w - 30)} ${FLOOR}H${r1(x0 + 30)}Z`;
    return `${handle}${solid(d)}<path d="M${r1(x0 + 10)} ${r1(top + 60)}H${r1(x0 + w - 10)}" stroke="${c.accent}" stroke-width="22"/>`;
  },
  pouch: (rng, c) => {
    const w = between(rng, 560, 640);
    const h = between(rng, 320, 380);
    const x0 = 600 - w / 2;
    const y0 = FLOOR - h;
    return `${solid(`M${r1(x0)} ${r1(y0 + 30)}Q${r1(x0)} ${r1(y0)} ${r1(x0 + 30)} ${r1(y0)}H${r1(x0 + w - 30)}Q${r1(x0 + w)} ${r1(y0)} ${r1(x0 + w)} ${r1(y0 + 30)}L${r1(x0 + w - 20)} ${FLOOR - 20}Q${r1(x0 + w - 20)} ${FLOOR} ${r1(x0 + w - 50)} ${FLOOR}H${r1(x0 + 50)}Q${r1(x0 + 20)} ${FLOOR} ${r1(x0 + 20)} ${FLOOR - 20}Z`)}<path d="M${r1(x0 + 20)} ${r1(y0 + 40)}H${r1(x0 + w - 20)}" stroke="${c.dark}" stroke-width="10"/><path d="M${r1(x0 + 40)} ${r1(y0 + 64)}H${r1(x0 + w - 40)}" stroke="${c.light}" stroke-width="3" stroke-dasharray="12 10"/><path d="M${r1(x0 + w - 70)} ${r1(y0 + 40)}l10 70" stroke="${c.accent}" stroke-width="12" stroke-linecap="round"/><circle cx="${r1(x0 + w - 60)}" cy="${r1(y0 + 116)}" r="14" fill="${c.accent}"/>`;
  },
  wallet: (rng, c) => {
    const w = between(rng, 560, 620);
    const h = between(rng, 340, 380);
    const x0 = 600 - w / 2;
    const y0 = FLOOR - h - 30;
    return `${solidRect(x0, y0, w, h, 26)}${solid(`M${r1(x0 + w * 0.55)} ${r1(y0)}H${r1(x0 + w - 26)}Q${r1(x0 + w)} ${r1(y0)} ${r1(x0 + w)} ${r1(y0 + 26)}V${r1(y0 + h - 26)}Q${r1(x0 + w)} ${r1(y0 + h)} ${r1(x0 + w - 26)} ${r1(y0 + h)}H${r1(x0 + w * 0.55)}Z`)}<rect x="${r1(x0 + 16)}" y="${r1(y0 + 16)}" width="${r1(w - 32)}" height="${r1(h - 32)}" rx="18" fill="none" stroke="${c.light}" stroke-width="3" stroke-dasharray="12 9"/><circle cx="${r1(x0 + w * 0.55 + 40)}" cy="${r1(y0 + h / 2)}" r="18" fill="${c.accent}"/>`;
  },
  belt: (rng, c) => {
    const outer = between(rng, 250, 290);
    return `<circle cx="600" cy="640" r="${r1(outer)}" fill="none" stroke="${c.dark}" stroke-width="80"/><circle cx="600" cy="640" r="${r1(outer)}" fill="none" stroke="url(#tex)" stroke-width="70"/><circle cx="600" cy="640" r="${r1(outer)}" fill="none" stroke="${c.light}" stroke-width="2.5" stroke-dasharray="10 8" opacity=".8"/><circle cx="600" cy="640" r="${r1(outer - 150)}" fill="none" stroke="${c.dark}" stroke-width="70" opacity=".85"/><rect x="${r1(600 + outer - 70)}" y="560" width="140" height="160" rx="22" fill="none" stroke="${c.accent}" stroke-width="22"/><path d="M${r1(600 + outer)} 570V710" stroke="${c.accent}" stroke-width="12"/>`;
  },
  notebook: (rng, c) => {
    const w = between(rng, 460, 520);
    const h = between(rng, 600, 660);
    const x0 = 600 - w / 2 + 20;
    const y0 = FLOOR - h;
    return `<rect x="${r1(x0 - 30)}" y="${r1(y0 + 16)}" width="${r1(w)}" height="${r1(h)}" rx="14" fill="#fbf7ee" stroke="${c.dark}" stroke-width="3"/>${solidRect(x0, y0, w, h, 14)}<rect x="${r1(x0 + 28)}" y="${r1(y0)}" width="28" height="${r1(h)}" fill="${c.dark}" opacity=".35"/><rect x="${r1(x0 + 110)}" y="${r1(y0 + 120)}" width="${r1(w - 170)}" height="110" rx="8" fill="#fbf7ee" opacity=".92"/><path d="M${r1(x0 + 140)} ${r1(y0 + 160)}H${r1(x0 + w - 90)}M${r1(x0 + 140)} ${r1(y0 + 192)}H${r1(x0 + w - 150)}" stroke="${c.dark}" stroke-width="6" opacity=".5"/><path d="M${r1(x0 + w - 70)} ${r1(y0)}V${r1(y0 + h + 60)}" stroke="${c.accent}" stroke-width="12"/>`;
  },
  "desk-organiser": (rng, c) => {
    const x0 = 600 - between(rng, 290, 320);
    return `<path d="M${r1(x0 + 100)} 480l-40 -200M${r1(x0 + 130)} 480l10 -220M${r1(x0 + 390)} 520l60 -170" stroke="${c.accent}" stroke-width="16" stroke-linecap="round"/>${solidRect(x0, 470, 260, FLOOR - 470, 16)}${solidRect(x0 + 280, 600, 320, FLOOR - 600, 16)}${solidRect(x0 + 200, 730, 230, FLOOR - 730, 12)}<rect x="${r1(x0 + 330)}" y="560" width="220" height="50" rx="6" fill="#fbf7ee"/>`;
  },
  "pen-cup": (rng, c) => {
    const w = between(rng, 260, 300);
    const top = 520;
    const pens = [-60, -10, 40, 80].map((dx, i) => `<path d="M${r1(600 + dx)} ${top + 20}L${r1(600 + dx * 2.2)} ${r1(240 + i * 25)}" stroke="${[c.accent, c.dark, shade(c.accent, 0.3), "#2f3e5c"][i]}" stroke-width="18" stroke-linecap="round"/>`).join("");
    return `${pens}${solid(`M${r1(600 - w / 2)} ${top}H${r1(600 + w / 2)}L${r1(600 + w / 2 - 14)} ${FLOOR - 8}Q600 ${FLOOR + 4} ${r1(600 - w / 2 + 14)} ${FLOOR - 8}Z`)}<ellipse cx="600" cy="${top}" rx="${r1(w / 2)}" ry="24" fill="${c.dark}"/>`;
  },
  ring: (rng, c) => {
    const r = between(rng, 190, 220);
    return `<ellipse cx="600" cy="700" rx="${r1(r)}" ry="${r1(r * 0.42)}" fill="none" stroke="${shade(c.body, -0.35)}" stroke-width="58"/><ellipse cx="600" cy="690" rx="${r1(r)}" ry="${r1(r * 0.42)}" fill="none" stroke="url(#tex)" stroke-width="52"/><ellipse cx="600" cy="690" rx="${r1(r)}" ry="${r1(r * 0.42)}" fill="none" stroke="url(#shine)" stroke-width="52"/><circle cx="600" cy="${r1(690 - r * 0.42 - 34)}" r="54" fill="${c.accent}" stroke="${c.light}" stroke-width="14"/><circle cx="585" cy="${r1(690 - r * 0.42 - 50)}" r="14" fill="#fff" opacity=".7"/>`;
  },
  earrings: (rng, c) => {
    const r = between(rng, 120, 150);
    const one = (cx: number) => `<path d="M${cx} 300v70" stroke="${c.dark}" stroke-width="10" stroke-linecap="round"/><circle cx="${cx}" cy="${r1(370 + r)}" r="${r1(r)}" fill="none" stroke="${shade(c.body, -0.3)}" stroke-width="34"/><circle cx="${cx}" cy="${r1(366 + r)}" r="${r1(r)}" fill="none" stroke="url(#tex)" stroke-width="30"/><circle cx="${cx}" cy="${r1(366 + r)}" r="${r1(r)}" fill="none" stroke="url(#shine)" stroke-width="30"/><circle cx="${cx}" cy="${r1(366 + 2 * r)}" r="22" fill="${c.accent}"/>`;
    return one(430) + one(770);
  },
  necklace: (rng, c) => {
    const depth = between(rng, 380, 440);
    const beads = Array.from({ length: 17 }, (_, i) => {
      const t = i / 16;
      const x = 300 + 600 * t;
      const y = 230 + depth * 4 * t * (1 - t);
      return `<circle cx="${r1(x)}" cy="${r1(y)}" r="9" fill="${c.body}" stroke="${c.dark}" stroke-width="2"/>`;
    }).join("");
    return `<path d="M300 230Q600 ${r1(230 + depth * 2)} 900 230" fill="none" stroke="${c.dark}" stroke-width="6"/>${beads}${solid(`M600 ${r1(230 + depth)}l90 110l-90 170l-90 -170Z`)}<path d="M600 ${r1(250 + depth)}l55 90l-55 120" stroke="${c.light}" stroke-width="6" fill="none" opacity=".7"/><circle cx="600" cy="${r1(230 + depth + 150)}" r="26" fill="${c.accent}"/>`;
  },
  bracelet: (rng, c) => {
    const rx = between(rng, 250, 280);
    return `<ellipse cx="600" cy="680" rx="${r1(rx)}" ry="${r1(rx * 0.55)}" fill="none" stroke="${shade(c.body, -0.35)}" stroke-width="96"/><ellipse cx="600" cy="668" rx="${r1(rx)}" ry="${r1(rx * 0.55)}" fill="none" stroke="url(#tex)" stroke-width="90"/><ellipse cx="600" cy="668" rx="${r1(rx)}" ry="${r1(rx * 0.55)}" fill="none" stroke="url(#shine)" stroke-width="90"/><path d="M${r1(600 - rx * 0.6)} ${r1(668 + rx * 0.5)}Q600 ${r1(668 + rx * 0.62)} ${r1(600 + rx * 0.6)} ${r1(668 + rx * 0.5)}" stroke="${c.accent}" stroke-width="10" fill="none"/>`;
  },
  cushion: (rng, c) => {
    const s = between(rng, 520, 580);
    const x0 = 600 - s / 2;
    const y0 = FLOOR - s - 10;
    const pinch = 36;
    const d = `M${r1(x0)} ${r1(y0)}Q600 ${r1(y0 + pinch)} ${r1(x0 + s)} ${r1(y0)}Q${r1(x0 + s - pinch)} ${r1(y0 + s / 2)} ${r1(x0 + s)} ${r1(y0 + s)}Q600 ${r1(y0 + s - pinch)} ${r1(x0)} ${r1(y0 + s)}Q${r1(x0 + pinch)} ${r1(y0 + s / 2)} ${r1(x0)} ${r1(y0)}Z`;
    return `${solid(d)}<path d="M${r1(x0 + 60)} ${r1(y0 + s - 70)}Q600 ${r1(y0 + s - 100)} ${r1(x0 + s - 60)} ${r1(y0 + s - 70)}" stroke="${c.accent}" stroke-width="10" fill="none" opacity=".7"/>`;
  },
  scarf: (rng, c) => {
    const sway = between(rng, -60, 60);
    const d = `M420 260H780Q${r1(820 + sway)} 500 ${r1(760 + sway)} 760L${r1(700 + sway)} ${FLOOR - 20}H${r1(520 + sway)}Q${r1(380 + sway)} 640 420 260Z`;
    const fringe = Array.from({ length: 12 }, (_, i) => `M${r1(520 + sway + i * 16)} ${FLOOR - 20}v40`).join("");
    return `<rect x="380" y="230" width="440" height="40" rx="20" fill="${c.dark}"/>${solid(d)}<path d="${fringe}" stroke="${c.body}" stroke-width="5"/><path d="M440 300Q${r1(560 + sway)} 560 ${r1(540 + sway)} ${FLOOR - 40}" stroke="${c.dark}" stroke-width="6" fill="none" opacity=".35"/>`;
  },
  placemat: (rng, c) => {
    const w = between(rng, 760, 820);
    const y = 720;
    return `${solid(ellipsePath(600, y, w / 2, 150))}${ring(600, y, w / 2 - 40, 120, 12, c.accent)}<circle cx="600" cy="${y - 10}" r="110" fill="#fbf7ee" opacity=".9"/><ellipse cx="600" cy="${y - 10}" rx="80" ry="70" fill="none" stroke="${c.light}" stroke-width="4"/>`;
  },
  coaster: (rng, c) => {
    const stack = Array.from({ length: 4 }, (_, i) => solid(ellipsePath(600 + between(rng, -8, 8), FLOOR - 40 - i * 34, 250, 86))).join("");
    return `${stack}${ring(600, FLOOR - 142, 200, 64, 9, c.accent)}`;
  },
  "wall-hanging": (rng, c) => {
    const w = between(rng, 440, 500);
    const x0 = 600 - w / 2;
    const tassels = Array.from({ length: 9 }, (_, i) => `M${r1(x0 + 20 + (i * (w - 40)) / 8)} 830v80`).join("");
    return `<path d="M${r1(x0 + 40)} 220L600 130L${r1(x0 + w - 40)} 220" stroke="${c.dark}" stroke-width="6" fill="none"/><rect x="${r1(x0 - 40)}" y="205" width="${r1(w + 80)}" height="26" rx="13" fill="${c.dark}"/>${solid(`M${r1(x0)} 230H${r1(x0 + w)}V760L600 840L${r1(x0)} 760Z`)}<path d="${tassels}" stroke="${c.accent}" stroke-width="10" stroke-linecap="round"/>`;
  },
};

function defs(c: { body: string; accent: string; dark: string; light: string; bg: string }, texture: string) {
  return `<defs>
<radialGradient id="backdrop" cx="50%" cy="38%" r="75%"><stop offset="0" stop-color="${shade(c.bg, 0.35)}"/><stop offset="1" stop-color="${shade(c.bg, -0.08)}"/></radialGradient>
<linearGradient id="shade" x1="0" x2="1" y1="0" y2="0.3"><stop offset="0" stop-color="#fff" stop-opacity=".22"/><stop offset=".45" stop-color="#fff" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity=".28"/></linearGradient>
<linearGradient id="shine" x1="0" x2="1" y1="0" y2="1"><stop offset="0" stop-color="#fff" stop-opacity=".55"/><stop offset=".5" stop-color="#fff" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity=".3"/></linearGradient>
<linearGradient id="edge" x1="0" x2="1"><stop offset="0" stop-color="${shade(c.body, -0.3)}"/><stop offset="1" stop-color="${shade(c.body, -0.45)}"/></linearGradient>
<radialGradient id="glass" cx="40%" cy="35%" r="70%"><stop offset="0" stop-color="#f4f7f8"/><stop offset="1" stop-color="#aab7bd"/></radialGradient>
<radialGradient id="floorShadow"><stop offset="0" stop-color="#000" stop-opacity=".28"/><stop offset="1" stop-color="#000" stop-opacity="0"/></radialGradient>
${texture}
</defs>`;
}

function colours(palette: Palette) {
  const [bg, body, accent] = palette;
  return { bg, body, accent, dark: shade(body, -0.3), light: shade(body, 0.3) };
}

/** The hero's piece is drawn 16% larger than its 1200-unit design, about its foot. */
const HERO_ZOOM = 1.16;

/** `pixels` is the width it will be rasterised at (1200 units across): the texture's tiles are snapped to it. */
export function productArtwork(input: { motif: ArtMotif; palette: Palette; seed: string; view: "hero" | "detail"; pixels?: number }): string {
  const rng = rngFor(`${input.seed}:${input.view}`);
  const c = colours(input.palette);
  const textureKind = motifTexture[input.motif];
  const perUnit = (input.pixels ?? 1200) / 1200;
  const open = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="1200" viewBox="0 0 1200 1200">`;
  if (input.view === "detail") {
    // A close-up of the material: the texture at four times the scale, lit from the top left, square to the frame.
    const tex = texturePattern("tex", textureKind, c.body, c.accent, rng, 4, { k: perUnit, tx: 0, ty: 0 });
    void between(rng, -12, 12);
    return `${open}${defs(c, tex)}<rect width="1200" height="1200" fill="url(#tex)"/><rect width="1200" height="1200" fill="url(#shade)"/><radialGradient id="vignette" cx="35%" cy="30%" r="90%"><stop offset=".5" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity=".35"/></radialGradient><rect width="1200" height="1200" fill="url(#vignette)"/></svg>`;
  }
  const tex = texturePattern("tex", textureKind, c.body, c.accent, rng, 1, { k: perUnit * HERO_ZOOM, tx: perUnit * 600 * (1 - HERO_ZOOM), ty: perUnit * FLOOR * (1 - HERO_ZOOM) });
  const shadowW = between(rng, 300, 380);
  return `${open}${defs(c, tex)}<rect width="1200" height="1200" fill="url(#backdrop)"/><rect y="${FLOOR - 40}" width="1200" height="${1200 - FLOOR + 40}" fill="${shade(c.bg, -0.06)}" opacity=".6"/><g transform="translate(600 ${FLOOR}) scale(${HERO_ZOOM}) translate(-600 -${FLOOR})"><ellipse cx="600" cy="${FLOOR + 6}" rx="${r1(shadowW)}" ry="46" fill="url(#floorShadow)"/>${drawings[input.motif](rng, c)}</g></svg>`;
}

/** A calm village scene: sky, sun, layered hills with terraces, a roof line and palms. */
export function producerArtwork(input: { crafts: string[]; palette: Palette; seed: string; name: string }): string {
  const rng = rngFor(`${input.seed}:${input.name}`);
  const [bg, body, accent] = input.palette;
  const sky = shade(bg, 0.25);
  const sunX = r1(between(rng, 300, 1300));
  const hills = [0, 1, 2].map((i) => {
    const base = 430 + i * 130;
    const colour = shade(body, 0.35 - i * 0.25);
    const peaks = Array.from({ length: 5 }, (_, k) => `${r1(k * 400)} ${r1(base - between(rng, 30, 140))}`);
    return `<path d="M0 900V${base}${peaks.map((p, k) => `${k === 0 ? "L" : "Q"}${k === 0 ? p : `${r1(k * 400 - 200)} ${r1(base - between(rng, 60, 200))} ${p}`}`).join("")}L1600 ${base}V900Z" fill="${colour}"/>`;
  });
  const terraces = Array.from({ length: 6 }, (_, i) => `<path d="M${r1(-50 + i * 20)} ${r1(700 + i * 32)}Q800 ${r1(640 + i * 30 + between(rng, -10, 10))} 1650 ${r1(710 + i * 32)}" stroke="${shade(body, -0.25)}" stroke-width="4" fill="none" opacity=".5"/>`).join("");
  const houseX = r1(between(rng, 700, 1100));
  const house = `<g transform="translate(${houseX} 640)"><rect x="-90" y="0" width="180" height="90" fill="${shade(bg, -0.1)}"/><path d="M-150 10L-60 -80H60L150 10Z" fill="${accent}"/><path d="M-60 -80L0 -130L60 -80Z" fill="${shade(accent, -0.2)}"/><rect x="-22" y="30" width="44" height="60" fill="${shade(body, -0.45)}"/></g>`;
  const palm = (x: number, h: number) =>
    `<g transform="translate(${r1(x)} 760)"><path d="M0 0Q${r1(h * 0.12)} -${r1(h / 2)} ${r1(h * 0.06)} -${r1(h)}" stroke="${shade(body, -0.5)}" stroke-width="10" fill="none"/>${[-150, -110, -70, -30, 10]
      .map((a) => {
        const rad = (a * Math.PI) / 180;
        return `<path d="M${r1(h * 0.06)} -${r1(h)}q${r1(Math.cos(rad) * 60)} ${r1(Math.sin(rad) * 60 - 20)} ${r1(Math.cos(rad) * 120)} ${r1(Math.sin(rad) * 120 + 30)}" stroke="${shade(body, -0.35)}" stroke-width="12" fill="none" stroke-linecap="round"/>`;
      })
      .join("")}</g>`;
  const palms = [between(rng, 120, 400), between(rng, 1250, 1500)].map((x) => palm(x, between(rng, 230, 300))).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 1600 900"><defs><linearGradient id="sky" x1="0" x2="0" y1="0" y2="1"><stop offset="0" stop-color="${sky}"/><stop offset="1" stop-color="${shade(bg, 0.05)}"/></linearGradient></defs><rect width="1600" height="900" fill="url(#sky)"/><circle cx="${sunX}" cy="${r1(between(rng, 170, 260))}" r="90" fill="${shade(accent, 0.55)}" opacity=".9"/>${hills.join("")}${terraces}${house}${palms}</svg>`;
}

/** Young seedlings on a hillside, for planting records. */
export function treeArtwork(input: { seed: string }): string {
  const rng = rngFor(input.seed);
  const seedlings = Array.from({ length: 9 }, (_, i) => {
    const x = 140 + i * 115 + between(rng, -20, 20);
    const y = 560 + Math.sin(i / 2) * 40 + between(rng, -10, 10);
    const h = between(rng, 70, 120);
    return `<g transform="translate(${r1(x)} ${r1(y)})"><path d="M0 0V-${r1(h)}" stroke="#5b4430" stroke-width="6"/><ellipse cx="-18" cy="-${r1(h * 0.7)}" rx="24" ry="12" fill="#5d8a3c" transform="rotate(-25 -18 -${r1(h * 0.7)})"/><ellipse cx="18" cy="-${r1(h * 0.85)}" rx="24" ry="12" fill="#6f9e47" transform="rotate(25 18 -${r1(h * 0.85)})"/><ellipse cx="0" cy="4" rx="34" ry="10" fill="#6b4b2e"/></g>`;
  }).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800" viewBox="0 0 1200 800"><rect width="1200" height="800" fill="#e9efe0"/><circle cx="950" cy="160" r="80" fill="#f6d98a"/><path d="M0 520Q600 380 1200 500V800H0Z" fill="#a7bf7d"/><path d="M0 620Q600 520 1200 600V800H0Z" fill="#8aa865"/>${seedlings}</svg>`;
}
