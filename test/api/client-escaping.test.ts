/**
 * User text reaches the DOM only as text: Leaflet tooltips and popups get elements built with
 * textContent (client/src/map/text-tip.ts), and no component renders HTML from a string.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('client/src', () => {
  const files = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]))
      .filter((f) => /\.(ts|vue)$/.test(f) && !f.endsWith('.test.ts'));
  const src = files(path.resolve('client/src')).map((f) => [f, fs.readFileSync(f, 'utf8')] as const);

  it('binds tooltips and popups only to elements built from text', () => {
    const bad: string[] = [];
    for (const [f, text] of src)
      for (const m of text.matchAll(/\.bind(?:Tooltip|Popup)\(\s*([^,)]*)/g))
        if (!/^(textTip\(|tooltip\(|tip\b)/.test(m[1]!)) bad.push(`${path.basename(f)}: ${m[0]}`);
    expect(bad).toEqual([]);
  });

  it('never renders HTML from strings (v-html, innerHTML, insertAdjacentHTML)', () => {
    const bad = src.filter(([, text]) => /v-html|\.innerHTML\s*=|insertAdjacentHTML|outerHTML\s*=/.test(text));
    expect(bad.map(([f]) => f)).toEqual([]);
  });
});
