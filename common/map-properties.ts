/**
 * What the maps draw, colour and filter villages by (and the planner's short record of each): a
 * map view of up to 5,000 villages asks only for these (`GET /api/villages?properties=…`), about a
 * third of the bytes and of the server's work of whole records; a village's panel loads its whole
 * record when it is selected. The benchmark measures the map's request with this list.
 */
// Not the township's name: the client holds every township's (GET /api/townships/index), and
// looking it up for 5,000 villages is a fifth of the server's work for a view.
export const MAP_VILLAGE_PROPERTIES = [
  'name',
  'code',
  'township_id',
  'flags',
  'income_band',
  'secretary_state',
  'resident_population',
] as const;

/** The same for village boundaries (zoomed in), with the version that tells a changed outline. */
export const MAP_VILLAGE_BOUNDARY_PROPERTIES = [...MAP_VILLAGE_PROPERTIES, 'version'] as const;
