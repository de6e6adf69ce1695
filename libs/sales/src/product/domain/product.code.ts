/**
 * The stable code of a product, made from its name: capitals, every run of characters other than
 * A-Z and 0-9 becomes one '-', none at either end. 'GTX Basic' → 'GTX-BASIC', 'GTK 500' → 'GTK-500'.
 * Letters outside A-Z (é, ß) count as separators, so codes stay ASCII; a name without any letter or
 * digit gives ''.
 */
export const productCodeFor = (name: string): string =>
  name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
