import { describe, expect, it } from 'vitest';
import { CHOICES_SHOWN, needsSearch, sortByName, townshipChoices, type TownshipChoice } from './township-choices.ts';

/** The nation's size: 29,000 townships in counties of 12, names repeating across counties. */
const nation: TownshipChoice[] = Array.from({ length: 29_000 }, (_, i) => ({
  id: i + 1,
  code: String(110000000 + i),
  name: `${['东', '西', '南', '北', '中'][i % 5]}${i % 400}镇`,
  county: `${Math.floor(i / 12) + 1}县`,
}));

describe('townshipChoices', () => {
  const sorted = sortByName(nation);

  it('lists a county’s few townships whole, without a search box', () => {
    const county = sortByName(nation.slice(0, 12));
    expect(needsSearch(county.length)).toBe(false);
    const { options, more } = townshipChoices(county, '');
    expect(options.map((t) => t.id).sort((a, b) => a - b)).toEqual(county.map((t) => t.id).sort((a, b) => a - b));
    expect(more).toBe(0);
  });

  it('caps the nation’s list and counts the rest', () => {
    expect(needsSearch(sorted.length)).toBe(true);
    const { options, more } = townshipChoices(sorted, '');
    expect(options).toHaveLength(CHOICES_SHOWN);
    expect(more).toBe(sorted.length - CHOICES_SHOWN);
  });

  it('finds a township beyond the first 5,000 by name, county or code, and keeps the chosen first', () => {
    const far = nation[28_500]!;
    const byCode = townshipChoices(sorted, far.code);
    expect(byCode.options.map((t) => t.id)).toEqual([far.id]);
    const byCounty = townshipChoices(sorted, far.county);
    expect(byCounty.options.map((t) => t.id)).toContain(far.id);
    expect(byCounty.options.every((t) => t.county.includes(far.county))).toBe(true);
    const byName = townshipChoices(sorted, far.name);
    expect(byName.options.length + byName.more).toBe(nation.filter((t) => t.name.includes(far.name)).length);
    // Chosen townships stay listed whatever the search, ahead of the matches.
    const chosen = [nation[3]!.id, far.id];
    const withChosen = townshipChoices(sorted, '不存在', chosen);
    expect(withChosen.options.map((t) => t.id).sort((a, b) => a - b)).toEqual(chosen);
    expect(withChosen.more).toBe(0);
  });

  it('sorts by name, then county, then id', () => {
    for (let i = 1; i < 200; i++) {
      const [a, b] = [sorted[i - 1]!, sorted[i]!];
      expect(a.name.localeCompare(b.name, 'zh-CN')).toBeLessThanOrEqual(0);
    }
  });
});
