/**
 * A tiny read-only hook for end-to-end tests: village points are drawn on a canvas, so tests ask
 * where a village is and then click that pixel with the real mouse.
 */
export interface XiangtuTestHook {
  /** Ids of the drawn village points, nearest the map centre first. */
  villageIds(): number[];
  /** Pixel of a drawn village relative to the map container (`data-testid="map"`), or null. */
  villagePixel(id: number): { x: number; y: number } | null;
  /** How many village points are drawn. */
  villageCount(): number;
  /** Ids of the drawn features of another layer (`assets`, `stations`, `secretaries`, `alliances`, `chain-nodes`). */
  featureIds(layer: string): number[];
  /** Pixel of a drawn feature's symbol relative to the map container, or null. */
  featurePixel(layer: string, id: number): { x: number; y: number } | null;
  /** How many township outlines are on the map now (0 while they are hidden). */
  townshipOutlines(): number;
}

declare global {
  interface Window {
    __xiangtu?: XiangtuTestHook;
  }
}

/** Installs the hook; returns a function that removes it again (if it is still ours). */
export function installTestHook(hook: XiangtuTestHook): () => void {
  window.__xiangtu = hook;
  return () => {
    if (window.__xiangtu === hook) delete window.__xiangtu;
  };
}
