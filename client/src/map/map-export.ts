/**
 * The current map view as an image with a title, legend, scale bar, north arrow and date, for
 * "导出图片" and the print layout. It copies the map's own canvases (villages, townships, every
 * layer is drawn on canvas) and the text of the DOM labels; base-map tiles from other servers
 * cannot be copied into an image a page may read (they would taint it), so the image shows the
 * plain background there.
 */
import type * as L from 'leaflet';
import { MAP_BACKGROUND } from './styles.ts';

export interface ExportLegendSection {
  title: string;
  rows: { color: string; label: string; glyph?: string; area?: boolean }[];
}

export interface ExportOptions {
  title: string;
  /** e.g. '制图日期：2026-11-28' */
  dateLine: string;
  source: string;
  legend: readonly ExportLegendSection[];
  /** Output pixels per CSS pixel (2 gives a sharp print). */
  scale?: number;
}

const HEADER = 52;
const FOOTER = 34;
const LEGEND_W = 230;
const FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';

/**
 * A scale bar length: the largest 1, 2 or 5 × 10ⁿ metres that fits in `maxPx` pixels.
 * @example niceScale(12.3, 120) // { metres: 1000, px: 81.3..., label: '1 km' }
 */
export function niceScale(metresPerPx: number, maxPx: number): { metres: number; px: number; label: string } {
  const max = metresPerPx * maxPx;
  const pow = 10 ** Math.floor(Math.log10(max));
  const metres = [5, 2, 1].map((k) => k * pow).find((m) => m <= max) ?? pow;
  return { metres, px: metres / metresPerPx, label: metres >= 1000 ? `${metres / 1000} km` : `${metres} m` };
}

/** Draws the map view and its furniture on a new canvas. */
export function composeMapImage(map: L.Map, opts: ExportOptions): HTMLCanvasElement {
  const scale = opts.scale ?? 2;
  const size = map.getSize();
  const width = size.x + LEGEND_W;
  const height = HEADER + size.y + FOOTER;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2d context unavailable');
  ctx.scale(scale, scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);

  // Title.
  ctx.fillStyle = '#1f2421';
  ctx.font = `700 20px ${FONT}`;
  ctx.textBaseline = 'middle';
  ctx.fillText(opts.title, 16, HEADER / 2);

  // The map: background, then every canvas and label in the container, clipped to the frame.
  ctx.save();
  ctx.translate(0, HEADER);
  ctx.beginPath();
  ctx.rect(0, 0, size.x, size.y);
  ctx.clip();
  ctx.fillStyle = MAP_BACKGROUND;
  ctx.fillRect(0, 0, size.x, size.y);
  const container = map.getContainer();
  const origin = container.getBoundingClientRect();
  for (const c of container.querySelectorAll<HTMLCanvasElement>('.leaflet-pane canvas')) {
    const r = c.getBoundingClientRect();
    if (r.width && r.height) ctx.drawImage(c, r.left - origin.left, r.top - origin.top, r.width, r.height);
  }
  for (const el of container.querySelectorAll<HTMLElement>('.leaflet-marker-pane *, .leaflet-pane [class*="label"]')) {
    if (el.children.length || !el.textContent?.trim()) continue;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    ctx.font = `${style.fontWeight} ${style.fontSize} ${FONT}`;
    ctx.textAlign = 'center';
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.fillStyle = style.color || '#1f2421';
    const x = r.left - origin.left + r.width / 2;
    const y = r.top - origin.top + r.height / 2;
    ctx.strokeText(el.textContent.trim(), x, y);
    ctx.fillText(el.textContent.trim(), x, y);
  }
  ctx.restore();
  ctx.strokeStyle = '#5f6b61';
  ctx.lineWidth = 1;
  ctx.strokeRect(0.5, HEADER + 0.5, size.x - 1, size.y - 1);

  // Scale bar and north arrow, bottom left and top right of the map frame.
  const y = size.y / 2;
  const a = map.containerPointToLatLng([0, y]);
  const b = map.containerPointToLatLng([100, y]);
  const bar = niceScale(map.distance(a, b) / 100, 120);
  const sx = 16;
  const sy = HEADER + size.y - 18;
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(sx - 6, sy - 20, bar.px + 60, 28);
  ctx.strokeStyle = '#1f2421';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(sx, sy - 6);
  ctx.lineTo(sx, sy);
  ctx.lineTo(sx + bar.px, sy);
  ctx.lineTo(sx + bar.px, sy - 6);
  ctx.stroke();
  ctx.fillStyle = '#1f2421';
  ctx.font = `12px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.fillText(bar.label, sx + bar.px + 6, sy - 4);
  const nx = size.x - 28;
  const ny = HEADER + 16;
  ctx.beginPath();
  ctx.moveTo(nx, ny);
  ctx.lineTo(nx - 8, ny + 22);
  ctx.lineTo(nx, ny + 16);
  ctx.lineTo(nx + 8, ny + 22);
  ctx.closePath();
  ctx.fill();
  ctx.textAlign = 'center';
  ctx.font = `700 12px ${FONT}`;
  ctx.fillText('N', nx, ny + 32);

  // Legend column.
  let ly = HEADER + 4;
  const lx = size.x + 14;
  ctx.textAlign = 'left';
  for (const section of opts.legend) {
    if (ly > height - FOOTER - 20) break;
    ctx.fillStyle = '#1f2421';
    ctx.font = `700 13px ${FONT}`;
    ctx.fillText(section.title, lx, (ly += 16));
    ly += 4;
    for (const row of section.rows) {
      if (ly > height - FOOTER - 20) break;
      ly += 18;
      if (row.area) {
        ctx.setLineDash([3, 2]);
        ctx.strokeStyle = row.color;
        ctx.lineWidth = 2;
        ctx.strokeRect(lx + 1, ly - 6, 12, 12);
        ctx.setLineDash([]);
      } else {
        ctx.beginPath();
        ctx.arc(lx + 7, ly, 7, 0, Math.PI * 2);
        ctx.fillStyle = row.color;
        ctx.fill();
        ctx.strokeStyle = '#27302a';
        ctx.lineWidth = 1;
        ctx.stroke();
      }
      ctx.fillStyle = '#1f2421';
      ctx.font = `12px ${FONT}`;
      ctx.fillText(row.label, lx + 20, ly, LEGEND_W - 40);
    }
    ly += 10;
  }

  // Footer: date and source.
  ctx.fillStyle = '#5f6b61';
  ctx.font = `12px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.fillText(opts.dateLine, 16, height - FOOTER / 2);
  ctx.textAlign = 'right';
  ctx.fillText(opts.source, width - 16, height - FOOTER / 2);
  return canvas;
}
