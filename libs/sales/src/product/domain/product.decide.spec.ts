import { fold, type Money } from '@ledger/event-sourcing/kernel';
import { deciderSpec } from '@ledger/event-sourcing/testing';
import { productCodeFor } from './product.code';
import type { ListProduct, ProductCommand } from './product.commands';
import { productDecider } from './product.decide';
import type { ProductEvent, ProductListed, ProductListPriceChanged, ProductRetired } from './product.events';
import { listPriceIn } from './product.state';

const spec = deciderSpec(productDecider);

const CODE = 'GTX-PRO';
const LISTED_AT = '2026-03-01T09:00:00.000Z';
const AT = '2026-03-12T14:30:00.000Z';
const ADMIN = 'user-admin';

const base = { productCode: CODE, at: AT, by: ADMIN };

const usd = (amountMinor: number): Money => ({ amountMinor, currency: 'USD' });
const eur = (amountMinor: number): Money => ({ amountMinor, currency: 'EUR' });

const listCommand = (overrides: Partial<Omit<ListProduct, 'type'>> = {}): ListProduct => ({
  type: 'ListProduct',
  productCode: CODE,
  name: 'GTX Pro',
  series: 'GTX',
  listPrices: [usd(482_100)],
  at: LISTED_AT,
  by: ADMIN,
  ...overrides,
});

const listed = (overrides: Partial<ProductListed['data']> = {}): ProductListed => ({
  type: 'ProductListed',
  data: {
    productCode: CODE,
    name: 'GTX Pro',
    series: 'GTX',
    listPrices: [usd(482_100)],
    listedAt: LISTED_AT,
    listedBy: ADMIN,
    ...overrides,
  },
});

const priceChanged = (
  currency: string,
  previousAmountMinor: number | null,
  amountMinor: number,
): ProductListPriceChanged => ({
  type: 'ProductListPriceChanged',
  data: { productCode: CODE, currency, previousAmountMinor, amountMinor, changedAt: AT, changedBy: ADMIN },
});

const retired: ProductRetired = {
  type: 'ProductRetired',
  data: { productCode: CODE, reason: 'Replaced by GTX Plus Pro', retiredAt: LISTED_AT, retiredBy: ADMIN },
};

const stateAfter = (events: readonly ProductEvent[]) => fold(productDecider, events);

describe('productCodeFor', () => {
  it.each([
    ['GTX Basic', 'GTX-BASIC'],
    ['MG Special', 'MG-SPECIAL'],
    ['GTX Plus Pro', 'GTX-PLUS-PRO'],
    ['GTK 500', 'GTK-500'],
    ['  gtx   pro ', 'GTX-PRO'],
    ['MG/Advanced (v2)!', 'MG-ADVANCED-V2'],
    ['--', ''],
  ])('%j → %j', (name, code) => {
    expect(productCodeFor(name)).toBe(code);
  });
});

describe('ListProduct', () => {
  it('lists a new product', () => {
    spec.given([]).when(listCommand()).then([listed()]);
  });

  it('lists a product with prices in several currencies, and a free one', () => {
    const listPrices = [usd(482_100), eur(449_000), { amountMinor: 0, currency: 'GBP' }];
    spec
      .given([])
      .when(listCommand({ listPrices }))
      .then([listed({ listPrices })]);
  });

  it('refuses a product that already exists', () => {
    spec.given([listed()]).when(listCommand()).thenFails('product-already-exists');
  });

  it('refuses a retired product as already existing', () => {
    spec.given([listed(), retired]).when(listCommand()).thenFails('product-already-exists');
  });

  it.each(['', '   '])('refuses the name %j', (name) => {
    spec.given([]).when(listCommand({ name })).thenFails('product-name-required');
  });

  it('refuses a product without list prices', () => {
    spec
      .given([])
      .when(listCommand({ listPrices: [] }))
      .thenFails('invalid-list-prices');
  });

  it('refuses two prices in one currency', () => {
    spec
      .given([])
      .when(listCommand({ listPrices: [usd(100), eur(90), usd(120)] }))
      .thenFails('invalid-list-prices');
  });

  it.each(['usd', 'US', 'EURO', ''])('refuses the currency %j', (currency) => {
    spec
      .given([])
      .when(listCommand({ listPrices: [usd(100), { amountMinor: 100, currency }] }))
      .thenFails('invalid-currency');
  });

  it.each([-1, 4821.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    'refuses the amount %p',
    (amountMinor) => {
      spec
        .given([])
        .when(listCommand({ listPrices: [usd(amountMinor)] }))
        .thenFails('invalid-price');
    },
  );

  it('folds to an active product with its prices', () => {
    expect(stateAfter([listed({ listPrices: [usd(482_100), eur(449_000)] })])).toEqual({
      status: 'active',
      code: CODE,
      name: 'GTX Pro',
      series: 'GTX',
      listPrices: [usd(482_100), eur(449_000)],
    });
  });
});

describe('any command but ListProduct on a product that does not exist', () => {
  const commands: ProductCommand[] = [
    { type: 'ChangeListPrice', ...base, price: usd(500_000) },
    { type: 'RetireProduct', ...base, reason: 'Discontinued' },
  ];
  it.each(commands.map((command) => [command.type, command] as const))('%s is refused', (_type, command) => {
    spec.given([]).when(command).thenFails('product-not-found');
  });
});

describe('ChangeListPrice', () => {
  it('changes the price in a currency the product has, recording the previous amount', () => {
    spec
      .given([listed()])
      .when({ type: 'ChangeListPrice', ...base, price: usd(499_900) })
      .then([priceChanged('USD', 482_100, 499_900)]);
  });

  it('adds a price in a new currency, with no previous amount', () => {
    spec
      .given([listed()])
      .when({ type: 'ChangeListPrice', ...base, price: eur(449_000) })
      .then([priceChanged('EUR', null, 449_000)]);
  });

  it('changes nothing when the price is the same', () => {
    spec
      .given([listed(), priceChanged('USD', 482_100, 499_900)])
      .when({ type: 'ChangeListPrice', ...base, price: usd(499_900) })
      .then([]);
  });

  it('accepts a price of zero', () => {
    spec
      .given([listed()])
      .when({ type: 'ChangeListPrice', ...base, price: usd(0) })
      .then([priceChanged('USD', 482_100, 0)]);
  });

  it.each(['usd', 'DOLLAR'])('refuses the currency %j', (currency) => {
    spec
      .given([listed()])
      .when({ type: 'ChangeListPrice', ...base, price: { amountMinor: 100, currency } })
      .thenFails('invalid-currency');
  });

  it.each([-100, 0.5])('refuses the amount %p', (amountMinor) => {
    spec
      .given([listed()])
      .when({ type: 'ChangeListPrice', ...base, price: usd(amountMinor) })
      .thenFails('invalid-price');
  });

  it('refuses a price sent as an array, whatever the caller sent', () => {
    spec
      .given([listed()])
      .when({ type: 'ChangeListPrice', ...base, price: JSON.parse('[{"amountMinor":100,"currency":"USD"}]') as Money })
      .thenFails('invalid-money');
  });

  it('refuses a missing price rather than failing on it', () => {
    spec
      .given([listed()])
      .when({ type: 'ChangeListPrice', ...base, price: JSON.parse('null') as Money })
      .thenFails('invalid-money');
  });

  it('refuses a retired product', () => {
    spec
      .given([listed(), retired])
      .when({ type: 'ChangeListPrice', ...base, price: usd(499_900) })
      .thenFails('product-retired');
  });

  it('folds: the changed currency is replaced in place, a new one is appended', () => {
    const state = stateAfter([
      listed({ listPrices: [usd(482_100), eur(449_000)] }),
      priceChanged('USD', 482_100, 499_900),
      priceChanged('GBP', null, 389_000),
    ]);
    expect(state.status === 'initial' ? null : state.listPrices).toEqual([
      usd(499_900),
      eur(449_000),
      { amountMinor: 389_000, currency: 'GBP' },
    ]);
  });
});

describe('RetireProduct', () => {
  it('retires an active product', () => {
    spec
      .given([listed()])
      .when({ type: 'RetireProduct', ...base, reason: 'Replaced by GTX Plus Pro' })
      .then([
        {
          type: 'ProductRetired',
          data: { productCode: CODE, reason: 'Replaced by GTX Plus Pro', retiredAt: AT, retiredBy: ADMIN },
        },
      ]);
  });

  it('changes nothing on a product already retired', () => {
    spec
      .given([listed(), retired])
      .when({ type: 'RetireProduct', ...base, reason: 'Again' })
      .then([]);
  });

  it('refuses a blank reason', () => {
    spec
      .given([listed()])
      .when({ type: 'RetireProduct', ...base, reason: '  ' })
      .thenFails('reason-required');
  });

  it('folds to a retired product that keeps its facts', () => {
    expect(stateAfter([listed(), retired])).toEqual({
      status: 'retired',
      code: CODE,
      name: 'GTX Pro',
      series: 'GTX',
      listPrices: [usd(482_100)],
      retiredAt: LISTED_AT,
    });
  });
});

describe('listPriceIn', () => {
  it('is null for a product that does not exist', () => {
    expect(listPriceIn(stateAfter([]), 'USD')).toBeNull();
  });

  it('is the amount in the currency, or null when the product has no price in it', () => {
    const state = stateAfter([listed(), priceChanged('USD', 482_100, 499_900)]);
    expect(listPriceIn(state, 'USD')).toBe(499_900);
    expect(listPriceIn(state, 'EUR')).toBeNull();
  });

  it('still answers for a retired product', () => {
    expect(listPriceIn(stateAfter([listed(), retired]), 'USD')).toBe(482_100);
  });
});
