import { anOpportunity, client } from './support/http';
import { useApiPerSuite } from './support/api-process';

/**
 * Every amount is at most 10^10 minor units (MAX_AMOUNT_MINOR), so that every sum the ledger adds up
 * stays below 2^53 and exact (README, Errors and Money). The case: single amounts up to
 * 2^53 − 1 were accepted, and /pipeline answered 9007199256641168 for a sum of 9007199256641170.
 */
describe('amounts are capped so that every sum is exact', () => {
  const suite = useApiPerSuite();
  const rep = () => client(suite.api.url, suite.api.tokens.rep);
  const admin = () => client(suite.api.url, suite.api.tokens.admin);

  it('refuses an opportunity amount of 2^53 − 1 minor units (400)', async () => {
    const answer = await rep().post('/opportunities', anOpportunity({ amount: { amountMinor: Number.MAX_SAFE_INTEGER, currency: 'USD' } }));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'validation-failed', errors: [{ field: 'amount.amountMinor' }] });
  });

  it('refuses an amount one above 10^10 minor units, and takes 10^10', async () => {
    const above = await rep().post('/opportunities', anOpportunity({ amount: { amountMinor: 10_000_000_001, currency: 'USD' } }));
    const at = await rep().post('/opportunities', anOpportunity({ title: 'At the cap', amount: { amountMinor: 10_000_000_000, currency: 'USD' } }));
    expect([above.status, at.status]).toEqual([400, 201]);
  });

  it('refuses a list price above 10^10 minor units (400)', async () => {
    const answer = await admin().post('/products/GTX-PRO/price', { price: { amountMinor: 9_007_199_254_740_000, currency: 'USD' } });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'validation-failed', errors: [{ field: 'price.amountMinor' }] });
  });

  it('refuses a quote line whose amount would pass 10^10 minor units (422 amount-too-large)', async () => {
    const opportunityId = (await rep().post('/opportunities', anOpportunity({ title: 'Big quote' }))).body.id as string;
    const quote = (await rep().post('/quotes', { opportunityId, validUntil: '2099-12-31' })).body.id as string;
    const answer = await rep().post(`/quotes/${quote}/lines`, { productCode: 'GTX-PRO', quantity: 2, unitPriceMinor: 5_000_000_001 });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'amount-too-large' });
  });

  it('adds amounts at the cap exactly on /pipeline', async () => {
    const amounts = [10_000_000_000, 9_999_999_999, 7];
    const opened = await Promise.all(
      amounts.map((amountMinor, index) =>
        rep().post('/opportunities', anOpportunity({ title: `Large ${index}`, amount: { amountMinor, currency: 'EUR' }, stage: 'negotiation' })),
      ),
    );
    const position = opened.map((answer) => answer.body.position as string).sort((a, b) => Number(a) - Number(b)).pop();
    const pipeline = await rep().get(`/pipeline?minPosition=${position}`);
    const negotiation = (pipeline.body.stages as Array<{ stage: string; byCurrency: Array<{ currency: string; totalAmountMinor: number }> }>).find(
      (stage) => stage.stage === 'negotiation',
    );
    expect(negotiation?.byCurrency.find((row) => row.currency === 'EUR')?.totalAmountMinor).toBe(20_000_000_006);
  });
});
