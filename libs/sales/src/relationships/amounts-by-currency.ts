export type AmountByCurrency = { readonly currency: string; readonly amountMinor: number; readonly count: number };

/** Sums per currency, never across: a deal without an amount is not counted. */
export const sumByCurrency = (deals: readonly { currency: string | null; amountMinor: number | null }[]): AmountByCurrency[] => {
  const sums = new Map<string, AmountByCurrency>();
  for (const { currency, amountMinor } of deals) {
    if (currency === null) continue;
    const sum = sums.get(currency) ?? { currency, amountMinor: 0, count: 0 };
    sums.set(currency, { currency, amountMinor: sum.amountMinor + (amountMinor ?? 0), count: sum.count + 1 });
  }
  return [...sums.values()].sort((a, b) => a.currency.localeCompare(b.currency));
};
