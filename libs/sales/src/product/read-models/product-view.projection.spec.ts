import { type AllEvent, positionOf } from '@ledger/event-sourcing';
import { RecordingLog } from '@ledger/event-sourcing/testing';
import { useProjectionSpec } from '@ledger/read-store/testing';
import { type ProductCommand, productDecider, productEvents } from '../domain';
import { PRODUCT_VIEWS, type ProductView, productViewProjection } from './product-view.projection';

const CODE = 'GTX-PRO';
const OTHER_CODE = 'GTX-SUP';
const ADMIN = 'ada';

/** A product command without its code (CODE unless given), time and actor, which `run` fills in. */
type Input<C> = C extends unknown ? Omit<C, 'productCode' | 'at' | 'by'> & { readonly productCode?: string } : never;

const newLog = () => new RecordingLog(productDecider, productEvents, (command) => `product-${command.productCode}`, () => 'admin');

describe('product-views projection', () => {
  const spec = useProjectionSpec<ProductView, ProductCommand, Input<ProductCommand>>({
    projection: productViewProjection,
    log: newLog,
    defaults: (command) => ({ productCode: CODE, ...command }),
    by: ADMIN,
    start: Date.UTC(2027, 0, 4, 9),
    collection: PRODUCT_VIEWS,
    id: CODE,
  });
  const { run, view, collection } = spec;
  let listedAt: string;

  beforeEach(async () => {
    listedAt = await run({
      type: 'ListProduct',
      name: 'GTX Pro',
      series: 'GTX',
      listPrices: [
        { amountMinor: 482_100, currency: 'USD' },
        { amountMinor: 445_000, currency: 'EUR' },
      ],
    });
  });

  it('ProductListed creates an active product with its list price per currency', async () => {
    const expected: ProductView = {
      _id: CODE,
      _revision: 0,
      name: 'GTX Pro',
      series: 'GTX',
      status: 'active',
      listPrices: { USD: 482_100, EUR: 445_000 },
      updatedAt: listedAt,
    };
    expect(await view()).toEqual(expected);
  });

  it('ProductListPriceChanged in a currency it has changes that price only', async () => {
    const changedAt = await run({ type: 'ChangeListPrice', price: { amountMinor: 499_000, currency: 'USD' } });
    expect(await view()).toEqual({
      _id: CODE,
      _revision: 1,
      name: 'GTX Pro',
      series: 'GTX',
      status: 'active',
      listPrices: { USD: 499_000, EUR: 445_000 },
      updatedAt: changedAt,
    });
  });

  it('ProductListPriceChanged in a new currency adds it and keeps the others', async () => {
    const changedAt = await run({ type: 'ChangeListPrice', price: { amountMinor: 389_000, currency: 'GBP' } });
    expect(await view()).toMatchObject({
      _revision: 1,
      listPrices: { USD: 482_100, EUR: 445_000, GBP: 389_000 },
      updatedAt: changedAt,
    });
    expect(Object.keys((await view()).listPrices).sort()).toEqual(['EUR', 'GBP', 'USD']);
  });

  it('ProductRetired retires it and keeps its prices', async () => {
    await run({ type: 'ChangeListPrice', price: { amountMinor: 0, currency: 'USD' } });
    const retiredAt = await run({ type: 'RetireProduct', reason: 'Replaced by GTX Pro Plus' });
    expect(await view()).toEqual({
      _id: CODE,
      _revision: 2,
      name: 'GTX Pro',
      series: 'GTX',
      status: 'retired',
      listPrices: { USD: 0, EUR: 445_000 },
      updatedAt: retiredAt,
    });
  });

  describe('replays', () => {
    const history = async () => {
      await run({ type: 'ChangeListPrice', price: { amountMinor: 499_000, currency: 'USD' } });
      await run({
        type: 'ListProduct',
        productCode: OTHER_CODE,
        name: 'GTX Sup',
        series: 'GTX',
        listPrices: [{ amountMinor: 50_000, currency: 'USD' }],
      });
      await run({ type: 'ChangeListPrice', price: { amountMinor: 389_000, currency: 'GBP' } });
      await run({ type: 'ChangeListPrice', productCode: OTHER_CODE, price: { amountMinor: 46_000, currency: 'EUR' } });
      await run({ type: 'RetireProduct', reason: 'Replaced by GTX Pro Plus' });
    };

    it('replaying the whole history twice changes nothing (writes are guarded by the stream revision)', async () => {
      await history();
      const once = await collection();
      expect(once.map((product) => [product._id, product.status, product.listPrices])).toEqual([
        [CODE, 'retired', { USD: 499_000, EUR: 445_000, GBP: 389_000 }],
        [OTHER_CODE, 'active', { USD: 50_000, EUR: 46_000 }],
      ]);

      await spec.expectRedeliveriesChangeNothing(once, 1, 3);
    });

    it('ignores an event older than the document, or of its revision, and applies the next one', async () => {
      await run({ type: 'ChangeListPrice', price: { amountMinor: 499_000, currency: 'USD' } });
      const before = await view();
      expect(before._revision).toBe(1);
      const next = spec.log.all.length + 1;
      const stale = (revision: number, type: string, data: object): AllEvent => ({
        ...spec.log.all[revision],
        id: `stale-${revision}`,
        type,
        data,
        position: positionOf(next + revision),
      });
      await spec.applier.apply([
        stale(0, 'ProductRetired', {
          productCode: CODE,
          reason: 'late',
          retiredAt: '2027-01-01T00:00:00.000Z',
          retiredBy: ADMIN,
        }),
        stale(1, 'ProductListPriceChanged', {
          productCode: CODE,
          currency: 'USD',
          previousAmountMinor: 482_100,
          amountMinor: 1,
          changedAt: '2027-01-01T00:00:00.000Z',
          changedBy: ADMIN,
        }),
      ]);
      expect(await view()).toEqual(before);

      const changedAt = await run({ type: 'ChangeListPrice', price: { amountMinor: 389_000, currency: 'GBP' } });
      expect(await view()).toMatchObject({
        _revision: 2,
        listPrices: { USD: 499_000, GBP: 389_000 },
        updatedAt: changedAt,
      });
    });
  });
});
