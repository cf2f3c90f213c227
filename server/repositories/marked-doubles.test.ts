import { describe, expect, it } from 'vitest';
import { unmark } from './marked-doubles.ts';

const M = '\\u0003';
const run = (text: string, keys: string[]) => unmark(Buffer.from(text), keys).toString();

describe('unmark', () => {
  it("writes a key's marked digits as the shortest double, and leaves everything else", () => {
    const text = `[{"a":"${M}0.30000000000000004${M}","b":"${M}1.5${M}","c":"${M}2.50000000000000000${M}"}]`;
    expect(JSON.parse(run(text, ['a', 'c']))).toEqual([{ a: 0.30000000000000004, b: `\u00031.5\u0003`, c: 2.5 }]);
  });

  it('leaves marks inside strings alone, even after the head of a key', () => {
    const text = `{"n":"x\\"a\\":\\"${M}1${M}\\"","a":"${M}7${M}"}`;
    expect(JSON.parse(run(text, ['a']))).toEqual({ n: `x"a":"\u00031\u0003"`, a: 7 });
  });

  it('writes what is no finite number as null, and returns text without marks as it is', () => {
    expect(run(`{"a":"${M}nan${M}"}`, ['a'])).toBe('{"a":null}');
    const plain = Buffer.from('{"a":1}');
    expect(unmark(plain, ['a'])).toBe(plain);
  });
});
