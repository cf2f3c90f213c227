import { describe, expect, it } from 'vitest';
import { textTip } from './text-tip.ts';

/** A stand-in document: records what is set as text and what as HTML. */
function fakeDocument() {
  const made: { tag: string; textContent: string; innerHTML?: string }[] = [];
  return {
    made,
    createElement: (tag: string) => {
      const el = { tag, textContent: '' };
      made.push(el);
      return el as unknown as HTMLElement;
    },
  };
}

describe('textTip', () => {
  it('puts user text in as text, never as HTML', () => {
    const doc = fakeDocument();
    const hostile = '<img src=x onerror=alert(1)>';
    textTip(hostile, doc);
    expect(doc.made).toEqual([{ tag: 'span', textContent: hostile }]);
  });
});
