/**
 * A read-only hook for end-to-end tests: charts are drawn on a canvas, so a test asks where a
 * bar is and clicks that pixel with the real mouse (like `map/test-hook.ts` for villages).
 */
export interface DashboardTestHook {
  /** Page pixel of the middle of the bar named `name` in the chart `data-testid="<chart>-chart"`, or null. */
  barPixel(chart: string, name: string): { x: number; y: number } | null;
}

declare global {
  interface Window {
    __xiangtuDashboard?: DashboardTestHook;
  }
}

type Locator = (name: string) => { x: number; y: number } | null;
const charts = new Map<string, Locator>();
const hook: DashboardTestHook = { barPixel: (chart, name) => charts.get(chart)?.(name) ?? null };

/** Registers a chart's bar locator; returns a function that removes it again. */
export function registerChart(id: string, locate: Locator): () => void {
  charts.set(id, locate);
  window.__xiangtuDashboard = hook;
  return () => {
    if (charts.get(id) === locate) charts.delete(id);
    if (!charts.size && window.__xiangtuDashboard === hook) delete window.__xiangtuDashboard;
  };
}
