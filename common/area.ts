/**
 * Area of a drawn shape for the people who read it: 亩 (1 亩 = 2000/3 m²) and m². The geodesic
 * area is the one the server stores (`geometryAreaM2`, Turf's spherical formula).
 */
import { geometryAreaM2, m2ToMu } from './geo.ts';

export interface ShapeArea {
  m2: number;
  mu: number;
}

/**
 * The area of a Polygon or MultiPolygon in m² and 亩; null for points, lines and null.
 * @example shapeArea({ type: 'Polygon', coordinates: [ring] }) // { m2: 666.67, mu: 1 }
 */
export function shapeArea(g: { type: string; coordinates: unknown } | null | undefined): ShapeArea | null {
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return null;
  const m2 = geometryAreaM2(g);
  return { m2, mu: m2ToMu(m2) };
}

/** 亩 rounded the way the server stores them (two decimals). @example roundMu(1.23456) // 1.23 */
export function roundMu(mu: number): number {
  return Math.round(mu * 100) / 100;
}

/** m² rounded the way the server stores them (one decimal). */
export function roundM2(m2: number): number {
  return Math.round(m2 * 10) / 10;
}
