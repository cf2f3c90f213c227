/**
 * The townships a picker lists. A county's few are all listed; the nation's ~29,000 cannot be
 * (a checkbox or <option> each would be a page no one can use or a browser can lay out), so past
 * `CHOICES_SHOWN` a picker shows a search box and lists the chosen townships and the first
 * matches of the search, by name, code or county.
 */
export const CHOICES_SHOWN = 100;

export interface TownshipChoice {
  id: number;
  name: string;
  code: string;
  county: string;
}

const collator = new Intl.Collator('zh-CN');

/** The townships sorted by name (then county, then id), as pickers list them. */
export function sortByName<T extends TownshipChoice>(index: readonly T[]): T[] {
  return [...index].sort(
    (a, b) => collator.compare(a.name, b.name) || collator.compare(a.county, b.county) || a.id - b.id,
  );
}

/** Whether a picker over this many townships needs its search box. */
export function needsSearch(count: number, max = CHOICES_SHOWN): boolean {
  return count > max;
}

/**
 * What a picker lists: the chosen townships (always, first) and the others matching `q` — name or
 * county containing it, or code starting with it — up to `max` in all; `more` says how many
 * matches are left out. `sorted` is the index in display order (see `sortByName`).
 */
export function townshipChoices<T extends TownshipChoice>(
  sorted: readonly T[],
  q: string,
  chosen: readonly number[] = [],
  max = CHOICES_SHOWN,
): { options: T[]; more: number } {
  const text = q.trim();
  const picked = new Set(chosen);
  const head = sorted.filter((t) => picked.has(t.id));
  const options = [...head];
  let more = 0;
  for (const t of sorted) {
    if (picked.has(t.id)) continue;
    if (text && !(t.name.includes(text) || t.county.includes(text) || t.code.startsWith(text))) continue;
    if (options.length < Math.max(max, head.length)) options.push(t);
    else more++;
  }
  return { options, more };
}

/** A township's label where names repeat across counties: `name（county）`. */
export function choiceLabel(t: Pick<TownshipChoice, 'name' | 'county'>, large: boolean): string {
  return large ? `${t.name}（${t.county}）` : t.name;
}
