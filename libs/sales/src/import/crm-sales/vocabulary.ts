/**
 * Known sectors and country names that the CRM sales import corrects spelling against, and the
 * edit distance it corrects with. Kept apart from the plan so that the lists can grow without
 * touching the cleaning rules. Pure: no I/O; the country names come from the runtime's ICU data.
 */

/**
 * Common industry sectors, lower case. A sector of accounts.csv is compared with these lower-cased
 * and trimmed; one that is not here but is close to exactly one of them is read as that one
 * ('technolgy' → 'technology'), so that reports do not split one sector into two spellings.
 */
export const SECTORS: readonly string[] = [
  'aerospace',
  'agriculture',
  'automotive',
  'banking',
  'biotechnology',
  'chemicals',
  'construction',
  'consulting',
  'defense',
  'education',
  'electronics',
  'employment',
  'energy',
  'entertainment',
  'finance',
  'food and beverage',
  'government',
  'hardware',
  'healthcare',
  'hospitality',
  'insurance',
  'legal',
  'logistics',
  'manufacturing',
  'marketing',
  'media',
  'medical',
  'mining',
  'nonprofit',
  'pharmaceuticals',
  'publishing',
  'real estate',
  'retail',
  'services',
  'software',
  'technology',
  'telecommunications',
  'transportation',
  'travel',
  'utilities',
];

/**
 * Short forms that people write for a country whose English display name is longer or different
 * ('United States' is also ICU's name; 'Korea' is what accounts.csv writes for Hottechi, and ICU
 * only knows 'South Korea' and 'North Korea', which are too far from it to be found by spelling).
 */
export const COUNTRY_SHORT_FORMS: readonly string[] = ['United States', 'United Kingdom', 'Korea'];

let countryNamesCache: readonly string[] | null = null;

/**
 * English names of every two-letter region code that ICU knows (AA..ZZ, keeping those whose
 * display name differs from the code), plus `COUNTRY_SHORT_FORMS`; distinct, sorted. The list
 * comes from the runtime's ICU data, so it is the same on every run of one Node version and is
 * computed once.
 */
export const countryNames = (): readonly string[] => {
  if (countryNamesCache === null) {
    const display = new Intl.DisplayNames(['en'], { type: 'region' });
    const names = new Set<string>(COUNTRY_SHORT_FORMS);
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (const first of letters) {
      for (const second of letters) {
        const code = first + second;
        const name = display.of(code);
        if (name !== undefined && name !== code) names.add(name);
      }
    }
    countryNamesCache = [...names].sort();
  }
  return countryNamesCache;
};

/**
 * The Damerau-Levenshtein distance in its "optimal string alignment" form: the fewest insertions,
 * deletions, substitutions and swaps of two adjacent characters that turn `a` into `b`, no
 * substring edited twice. A swap ('teh' → 'the') counts 1, the typo people make most.
 * Compares UTF-16 code units, case-sensitively: callers lower-case first.
 */
export const editDistance = (a: string, b: string): number => {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (__, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
};

/** What a written word is, against a vocabulary: known (maybe in another case), close to some words, or neither. */
export type VocabularyMatch =
  | { readonly kind: 'known'; readonly word: string }
  | { readonly kind: 'near'; readonly words: readonly string[] }
  | { readonly kind: 'none' };

/**
 * Looks `text` (already trimmed) up in `vocabulary` case-insensitively: the vocabulary's spelling
 * when it is there, else every word within `maxDistance` edits of it (lower-cased on both sides),
 * in vocabulary order. The caller corrects only when exactly one word is near: two near words
 * mean the typo could be either, and guessing would silently move the row.
 */
export const matchVocabulary = (text: string, vocabulary: readonly string[], maxDistance = 2): VocabularyMatch => {
  const lower = text.toLowerCase();
  const known = vocabulary.find((word) => word.toLowerCase() === lower);
  if (known !== undefined) return { kind: 'known', word: known };
  const words = vocabulary.filter((word) => editDistance(lower, word.toLowerCase()) <= maxDistance);
  return words.length > 0 ? { kind: 'near', words } : { kind: 'none' };
};
