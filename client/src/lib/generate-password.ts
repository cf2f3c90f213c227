/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const DIGITS = /[2-9]/;
const LETTERS = /[a-zA-Z]/;

/**
 * A random password for a new account or a reset (crypto-strength; at least one letter and one digit).
 * @param length at least 8 (the server's minimum)
 * @example generatePassword() // 'q7Rk2mXw9bTe'
 */
export function generatePassword(length = 12, random: Crypto = globalThis.crypto): string {
  const n = Math.max(8, length);
  // Rejection sampling keeps every character equally likely (256 is not a multiple of the alphabet).
  const limit = 256 - (256 % ALPHABET.length);
  for (;;) {
    let out = '';
    while (out.length < n) {
      const bytes = random.getRandomValues(new Uint8Array(n * 2));
      for (const b of bytes) if (b < limit && out.length < n) out += ALPHABET[b % ALPHABET.length];
    }
    if (DIGITS.test(out) && LETTERS.test(out)) return out;
  }
}
