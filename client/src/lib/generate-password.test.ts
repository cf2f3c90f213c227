import { describe, expect, it } from 'vitest';
import { generatePassword } from './generate-password.ts';

describe('generatePassword', () => {
  it('gives passwords of the asked length with a letter and a digit, no look-alike characters', () => {
    for (let i = 0; i < 200; i++) {
      const p = generatePassword(12);
      expect(p).toHaveLength(12);
      expect(p).toMatch(/[a-zA-Z]/);
      expect(p).toMatch(/[2-9]/);
      expect(p).not.toMatch(/[0O1lIi]/);
    }
  });

  it('never goes below the server minimum of 8', () => {
    expect(generatePassword(3)).toHaveLength(8);
  });

  it('does not repeat itself', () => {
    expect(new Set(Array.from({ length: 50 }, () => generatePassword())).size).toBe(50);
  });
});
