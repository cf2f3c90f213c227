import { describe, expect, it } from 'vitest';
import * as enums from './enums.ts';
import { FIELDS, LAYER_ZH } from './field-labels.ts';
import { FIELD_LABELS_EN, LAYER_EN, VALUE_LABELS_EN, type Vocabulary } from './field-labels.en.ts';
import { LAYER_NAMES } from './schemas/layers.ts';

/** Each vocabulary of the English table and the list in enums.ts it must cover. */
const LISTS: Record<Vocabulary, readonly string[]> = {
  flags: enums.VILLAGE_FLAGS,
  honours: enums.HONOURS,
  incomeBand: enums.INCOME_BANDS,
  category: enums.ASSET_CATEGORIES,
  subtype: enums.ASSET_SUBTYPE_NAMES,
  ownership: enums.OWNERSHIPS,
  operationMode: enums.OPERATION_MODES,
  source: enums.ASSET_SOURCES,
  secretaryRole: enums.SECRETARY_ROLES,
  unitLevel: enums.UNIT_LEVELS,
  secretaryStatus: enums.SECRETARY_STATUSES,
  gender: enums.GENDERS,
  grade: enums.ASSESSMENT_GRADES,
  stationLevel: enums.STATION_LEVELS,
  stationFunction: enums.STATION_FUNCTIONS,
  chainLevel: enums.CHAIN_LEVELS,
  stage: enums.CHAIN_STAGES,
  operator: enums.CHAIN_OPERATORS,
  linkMode: enums.LINK_MODES,
  allianceType: enums.ALLIANCE_TYPES,
  allianceStatus: enums.ALLIANCE_STATUSES,
};

describe('field labels', () => {
  it('name every layer in Chinese and English', () => {
    for (const layer of LAYER_NAMES) {
      expect(LAYER_ZH[layer], layer).toBeTruthy();
      expect(LAYER_EN[layer], layer).toBeTruthy();
    }
  });

  it('give every field of every layer an English label beside its Chinese one', () => {
    for (const layer of LAYER_NAMES) {
      const missing = FIELDS[layer].filter((d) => !FIELD_LABELS_EN[layer][d.key]).map((d) => d.key);
      expect(missing, layer).toEqual([]);
    }
  });

  it('give every stored value of every vocabulary an English label, and no stray ones', () => {
    for (const [vocab, list] of Object.entries(LISTS) as [Vocabulary, readonly string[]][]) {
      const table: Record<string, string> = VALUE_LABELS_EN[vocab];
      expect(Object.keys(table).sort(), vocab).toEqual([...list].sort());
      for (const v of list) expect(table[v], `${vocab}.${v}`).toMatch(/^[A-Z]/);
    }
  });
});
