/**
 * Colours and path styles of the industry-chain map (issue #6). Pure data (no Leaflet), so the
 * legend, the stage chips, the gap analysis and the tests share the drawing's source.
 */
import { CHAIN_STAGES, type ChainStage } from '../../../common/enums.ts';

/**
 * One colour per stage, fixed so a stage looks the same on every chain and every page. Tableau 10
 * (purple and grey darkened a little) plus gold and indigo: every pair differs clearly (CIELAB
 * ΔE ≥ 25), every colour stands out from the plain map background, and a chip's label reads on
 * it (contrast ≥ 4.5). Production green, processing warm, storage and logistics blue, sales violet.
 */
export const STAGE_COLORS: Readonly<Record<ChainStage, string>> = {
  种植基地: '#2ca02c',
  养殖基地: '#8c564b',
  育种研发: '#9acd32',
  初加工: '#ff7f0e',
  精深加工: '#d62728',
  仓储冷链: '#1f77b4',
  物流: '#17becf',
  批发市场: '#8a5ab5',
  电商直播销售: '#e377c2',
  品牌: '#e6ab02',
  农文旅: '#393b79',
  社会化服务: '#707070',
};
export const UNKNOWN_STAGE_COLOR = '#bdbdbd';

/** True for one of the twelve stage words. */
export function isChainStage(stage: unknown): stage is ChainStage {
  return typeof stage === 'string' && (CHAIN_STAGES as readonly string[]).includes(stage);
}

/**
 * The fill colour of a chain node by its stage.
 * @example stageColor('仓储冷链') // '#1f77b4'
 */
export function stageColor(stage: string | null | undefined): string {
  return isChainStage(stage) ? STAGE_COLORS[stage] : UNKNOWN_STAGE_COLOR;
}

/**
 * The stages that occur in `stages`, once each, in the canonical order of `CHAIN_STAGES`
 * (production → processing → storage → sales → extras), for legends and chips.
 * @example stagesPresent(['品牌', '种植基地', '品牌']) // ['种植基地', '品牌']
 */
export function stagesPresent(stages: Iterable<string>): ChainStage[] {
  const have = new Set(stages);
  return CHAIN_STAGES.filter((s) => have.has(s));
}

/**
 * The WCAG contrast ratio of two `#rrggbb` colours (1…21).
 * @example contrastRatio('#000000', '#ffffff') // 21
 */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return 0;
  const lin = (h: string) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(m[1]!) + 0.7152 * lin(m[2]!) + 0.0722 * lin(m[3]!);
}

/** Node circle radius in pixels: normal, and the highlighted node (a table row or a map click). */
export const NODE_RADIUS = 8;
export const NODE_HIGHLIGHT_RADIUS = 11;
export const NODE_STYLE = { color: '#1f2421', weight: 1.5, opacity: 1, fillOpacity: 1 } as const;
export const NODE_HIGHLIGHT_STYLE = { color: '#0b3d91', weight: 3, opacity: 1, fillOpacity: 1 } as const;
/** Nodes picked as a link's ends while drawing a link on the map. */
export const NODE_PICKED_STYLE = { color: '#b42318', weight: 3.5, opacity: 1, fillOpacity: 1 } as const;

/** Links: a dark line with a white casing under it so it reads on any background. */
export const LINK_COLOR = '#34403a';
export const LINK_HIGHLIGHT_COLOR = '#0b3d91';
export const LINK_WEIGHT = 2.5;
export const LINK_CASING = { color: '#ffffff', weight: 5, opacity: 0.8 } as const;
/** Arrowhead length and half width in pixels. */
export const ARROW_LENGTH = 11;
export const ARROW_HALF_WIDTH = 5;

/** Faint village points behind the chains (context only, never clickable). */
export const BACKGROUND_VILLAGE_STYLE = {
  radius: 3,
  color: '#7d8a80',
  weight: 1,
  opacity: 0.55,
  fillColor: '#ffffff',
  fillOpacity: 0.55,
} as const;

/** A supplier the gap analysis points at: a ring around the spot. */
export const SUPPLIER_RING_STYLE = {
  radius: 16,
  color: '#b42318',
  weight: 3,
  opacity: 1,
  fill: true,
  fillColor: '#b42318',
  fillOpacity: 0.12,
  dashArray: '5 3',
} as const;
