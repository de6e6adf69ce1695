/**
 * The user id of a team member, made from their name: diacritics dropped (NFKD), lower case, every
 * run of characters other than a-z and 0-9 becomes one '-', none at either end. It is what a JWT's
 * `sub` carries. 'Anna Snelling' → 'anna-snelling', 'Mei-Mei Johns' → 'mei-mei-johns',
 * 'Zoë Ñúñez' → 'zoe-nunez'. Letters with no ASCII base (ß, ø) count as separators; a name without
 * any letter or digit gives ''.
 */
export const teamMemberIdFor = (name: string): string =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
