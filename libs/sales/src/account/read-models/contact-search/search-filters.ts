import type { Filter } from '@ledger/read-store';

/** Contacts with every word among the keys of their name, e-mail or phone: one indexed equality per word and field. */
export const contactsWithWords = (words: readonly string[]): Filter => ({
  $and: words.map((word) => ({ $or: [{ nameKeys: word }, { emailKeys: word }, { phoneKeys: word }] })),
});
