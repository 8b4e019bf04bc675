/**
 * The organisation's round red seal, drawn as vector graphics in a signature appearance (Decree
 * 30/2020, Appendix I: the seal's image, red, at the left of the authorised person's signature):
 * a thick outer ring and a thin inner one, the organisation's name in capitals along the top of
 * the rim, its province along the bottom, a small star at each side between them, and the
 * five-pointed star in the centre. Text is set glyph by glyph on the arcs with an embedded font.
 */
import type { SubsetFont } from './font-subset';

/** Seal ink: a vermilion red (sRGB), brighter than the dark red of the signature text. */
export const SEAL_RED: readonly [number, number, number] = [0.85, 0.1, 0.12];

export interface SealText {
  /** Along the top of the rim, e.g. "SỞ XÂY DỰNG". */
  readonly top: string;
  /** Along the bottom, e.g. "TP. HỒ CHÍ MINH"; may be empty. */
  readonly bottom: string;
}

/** Bézier constant for a quarter circle. */
const KAPPA = 0.5522847498;

const f = (n: number): string => Number(n.toFixed(3)).toString();

function circlePath(cx: number, cy: number, r: number): string {
  const k = r * KAPPA;
  return [
    `${f(cx + r)} ${f(cy)} m`,
    `${f(cx + r)} ${f(cy + k)} ${f(cx + k)} ${f(cy + r)} ${f(cx)} ${f(cy + r)} c`,
    `${f(cx - k)} ${f(cy + r)} ${f(cx - r)} ${f(cy + k)} ${f(cx - r)} ${f(cy)} c`,
    `${f(cx - r)} ${f(cy - k)} ${f(cx - k)} ${f(cy - r)} ${f(cx)} ${f(cy - r)} c`,
    `${f(cx + k)} ${f(cy - r)} ${f(cx + r)} ${f(cy - k)} ${f(cx + r)} ${f(cy)} c`,
    'h',
  ].join(' ');
}

/** A filled five-pointed star centred on (cx, cy), one point up. */
function starPath(cx: number, cy: number, outer: number): string {
  const inner = outer * 0.382;
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    points.push(`${f(cx + r * Math.cos(a))} ${f(cy + r * Math.sin(a))} ${i === 0 ? 'm' : 'l'}`);
  }
  return `${points.join(' ')} h f`;
}

/**
 * Glyphs of `text` along a circle of radius `radius`, centred on the angle `centre` (radians),
 * letter-spaced to spread over up to `arc` points as seal engravers do. `top`: read clockwise
 * with the letters' feet towards the centre; otherwise read counter-clockwise (the bottom of the
 * seal) with their heads towards the centre.
 */
function arcText(
  font: SubsetFont,
  fontName: string,
  text: string,
  size: number,
  arc: number,
  circle: { cx: number; cy: number; radius: number; centre: number },
  top: boolean,
): { ops: string[]; extent: number } {
  const { cx, cy, radius, centre } = circle;
  const chars = Array.from(text.normalize('NFC'));
  const widths = chars.map((ch) => font.widthOf(ch, size));
  const natural = widths.reduce((a, b) => a + b, 0);
  const tracking =
    chars.length > 1 ? Math.max(0, Math.min((arc - natural) / (chars.length - 1), size * 0.3)) : 0;
  const total = (natural + tracking * (chars.length - 1)) / radius;
  const dir = top ? -1 : 1;
  let angle = centre - (dir * total) / 2;
  const ops: string[] = [`/${fontName} ${f(size)} Tf`];
  chars.forEach((ch, i) => {
    const w = widths[i] as number;
    const mid = angle + (dir * (w / 2)) / radius;
    angle += (dir * (w + tracking)) / radius;
    if (ch === ' ') return;
    // The glyph's x axis is the tangent in the reading direction.
    const phi = top ? mid - Math.PI / 2 : mid + Math.PI / 2;
    const c = Math.cos(phi);
    const s = Math.sin(phi);
    const px = cx + radius * Math.cos(mid) - (w / 2) * c;
    const py = cy + radius * Math.sin(mid) - (w / 2) * s;
    ops.push(`${f(c)} ${f(s)} ${f(-s)} ${f(c)} ${f(px)} ${f(py)} Tm`, `${font.encode(ch)} Tj`);
  });
  return { ops, extent: total };
}

/** The largest size at which `text` fits `arc` points of arc. */
function sizeFor(font: SubsetFont, text: string, arc: number, max: number): number {
  if (!text.trim()) return max;
  const perPoint = font.widthOf(text, 1);
  return Math.max(2.5, Math.min(max, arc / perPoint));
}

/**
 * Content-stream operators drawing the seal in the square of side `diameter` whose lower left
 * corner is (x, y). `font` is registered in the appearance's resources as `fontName`.
 */
export function sealOperators(
  x: number,
  y: number,
  diameter: number,
  text: SealText,
  font: SubsetFont,
  fontName: string,
): string[] {
  const [r, g, b] = SEAL_RED;
  const colour = `${f(r)} ${f(g)} ${f(b)}`;
  const cx = x + diameter / 2;
  const cy = y + diameter / 2;
  const outerWidth = Math.max(0.8, diameter * 0.028);
  const outer = diameter / 2 - outerWidth / 2;
  const ring2 = outer - outerWidth * 1.4; // thin ring just inside the thick one
  const inner = outer * 0.64; // inner ring: the rim's band lies between ring2 and inner
  const band = ring2 - inner;
  const maxSize = band * 0.62;
  // Top text over up to 215° of the rim, bottom text over up to 115°, a star in each gap. Both
  // stand on the side of the band nearer the middle of their letters: the top text's feet on the
  // inner edge, the bottom text's feet on the outer edge (its heads point to the centre).
  const topBase = inner + band * 0.22;
  const bottomBase = ring2 - band * 0.22;
  const topArc = topBase * ((215 * Math.PI) / 180);
  const bottomArc = bottomBase * ((115 * Math.PI) / 180);
  const topSize = sizeFor(font, text.top, topArc, maxSize);
  const bottomSize = sizeFor(font, text.bottom, bottomArc, maxSize);
  const topText = arcText(
    font,
    fontName,
    text.top,
    topSize,
    topArc,
    {
      cx,
      cy,
      radius: topBase,
      centre: Math.PI / 2,
    },
    true,
  );
  const bottomText = text.bottom
    ? arcText(
        font,
        fontName,
        text.bottom,
        bottomSize,
        bottomArc,
        {
          cx,
          cy,
          radius: bottomBase,
          centre: -Math.PI / 2,
        },
        false,
      )
    : { ops: [], extent: 0 };
  // The side stars halfway between the end of the top text and the start of the bottom one.
  const starAngle = (Math.PI / 2 - topText.extent / 2 + (-Math.PI / 2 + bottomText.extent / 2)) / 2;
  const starRadius = (inner + ring2) / 2;
  const sx = starRadius * Math.cos(starAngle);
  const sy = starRadius * Math.sin(starAngle);
  const ops = [
    'q',
    `${colour} RG ${colour} rg`,
    `${f(outerWidth)} w ${circlePath(cx, cy, outer)} S`,
    `${f(Math.max(0.4, outerWidth * 0.3))} w ${circlePath(cx, cy, ring2)} S`,
    `${f(Math.max(0.4, outerWidth * 0.35))} w ${circlePath(cx, cy, inner)} S`,
    starPath(cx, cy, inner * 0.5),
    starPath(cx + sx, cy + sy, band * 0.2),
    starPath(cx - sx, cy + sy, band * 0.2),
    'BT',
    ...topText.ops,
    ...bottomText.ops,
    'ET',
    'Q',
  ];
  return ops;
}
