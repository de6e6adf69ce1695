/** The longest prefix kept as a key: a longer word in a search is cut to it, so it still finds. */
const MAX_KEY_LENGTH = 40;

/** Text as a search compares it: lower case, accents dropped (Chloé → chloe), words of letters and digits only. */
export const searchWords = (text: string): string[] =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    .map((word) => word.slice(0, MAX_KEY_LENGTH));

/**
 * Every prefix of every word of the texts, and of their words run together ("A.C.M.E." is found as
 * "acme"): a search for words is then one indexed equality per word, on both stores, instead of a
 * pattern tried on every document.
 */
export const searchKeysOf = (...texts: ReadonlyArray<string | null>): string[] => {
  const keys = new Set<string>();
  for (const text of texts) {
    if (text === null) continue;
    const words = searchWords(text);
    for (const word of [...words, words.join('').slice(0, MAX_KEY_LENGTH)]) {
      for (let length = 1; length <= word.length; length += 1) keys.add(word.slice(0, length));
    }
  }
  return [...keys];
};
