import { getJson } from './http.ts';

/** The base map the server is configured with; tiles are optional (the map works without them). */
export interface BasemapConfig {
  id: 'osm' | 'tianditu' | 'none';
  /** Tile URL template (`{s}`, `{z}`, `{x}`, `{y}`); null when there is no base map. */
  url: string | null;
  /** A second tile layer drawn above the first (Tianditu's labels), or null. */
  overlayUrl: string | null;
  attribution: string;
  subdomains: string[];
  maxZoom: number;
}

export interface AppConfig {
  basemap: BasemapConfig;
  version: string;
  map: {
    /** Villages in a view above which the map draws counted clusters instead of the villages. */
    cluster_above: number;
  };
}

/** `GET /api/config`: what the client needs to know about this installation. */
export async function fetchConfig(signal?: AbortSignal): Promise<AppConfig> {
  return getJson<AppConfig>('/api/config', signal);
}
