import { anOpportunity, client } from './support/http';
import { useApiPerSuite } from './support/api-process';

/** Business rules across records, checked on the command path from the other record's stream (issue 13, defect 8). */
describe('a closed sale takes no order, and accounts never own themselves through subsidiaries', () => {
  const suite = useApiPerSuite();
  const rep = () => client(suite.api.url, suite.api.tokens.rep);
  const auditor = () => client(suite.api.url, suite.api.tokens.auditor);
  const streamTypes = async (stream: string): Promise<string[]> =>
    ((await auditor().get(`/streams/${stream}`)).body.events as Array<{ type: string }>).map((event) => event.type);

  /** An open opportunity with a quote sent to the customer, within the approval policy. */
  const sentQuote = async (): Promise<{ opportunityId: string; quoteId: string }> => {
    const opportunityId = (await rep().post('/opportunities', anOpportunity())).body.id as string;
    const quoteId = (await rep().post('/quotes', { opportunityId, validUntil: '2099-12-31' })).body.id as string;
    await rep().post(`/quotes/${quoteId}/lines`, { productCode: 'GTX-PRO', quantity: 1 });
    await rep().post(`/quotes/${quoteId}/submit`);
    await rep().post(`/quotes/${quoteId}/send`);
    return { opportunityId, quoteId };
  };

  it('refuses to accept a sent quote once its opportunity was marked lost (422 opportunity-closed), appending nothing', async () => {
    const { opportunityId, quoteId } = await sentQuote();
    await rep().post(`/opportunities/${opportunityId}/lost`, { reason: 'price' });
    const accepted = await rep().post(`/quotes/${quoteId}/accept`);
    expect(accepted.status).toBe(422);
    expect(accepted.body).toMatchObject({ code: 'opportunity-closed' });
    expect(await streamTypes(`quote-${quoteId}`)).not.toContain('QuoteAccepted');
  });

  it('refuses to accept a sent quote once its opportunity was won by hand (422 opportunity-closed)', async () => {
    const { opportunityId, quoteId } = await sentQuote();
    await rep().post(`/opportunities/${opportunityId}/won`, {});
    const accepted = await rep().post(`/quotes/${quoteId}/accept`);
    expect(accepted.status).toBe(422);
    expect(accepted.body).toMatchObject({ code: 'opportunity-closed' });
  });

  it("refuses an account cycle: P's parent Q, then Q's parent P (422 account-parent-cycle)", async () => {
    const p = (await rep().post('/accounts', { name: 'Parent Cycle P' })).body.id as string;
    const q = (await rep().post('/accounts', { name: 'Parent Cycle Q' })).body.id as string;
    expect((await rep().post(`/accounts/${p}/profile`, { parentAccountId: q })).status).toBe(200);
    const cycle = await rep().post(`/accounts/${q}/profile`, { parentAccountId: p });
    expect(cycle.status).toBe(422);
    expect(cycle.body).toMatchObject({ code: 'account-parent-cycle' });
    expect(await streamTypes(`account-${q}`)).toEqual(['AccountRegistered']);
  });

  it('lets only one of two opposite parent changes sent at the same instant through (P under Q and Q under P, 30 pairs), so no cycle is ever left', async () => {
    const register = async (name: string): Promise<string> => (await rep().post('/accounts', { name })).body.id as string;
    const pairs = await Promise.all(Array.from({ length: 30 }, async (_, n) => ({ p: await register(`Race P ${n}`), q: await register(`Race Q ${n}`) })));
    const outcomes = await Promise.all(
      pairs.map(async ({ p, q }) => {
        const answers = await Promise.all([rep().post(`/accounts/${p}/profile`, { parentAccountId: q }), rep().post(`/accounts/${q}/profile`, { parentAccountId: p })]);
        return answers.map((answer) => `${answer.status} ${String(answer.body.code ?? '')}`.trim()).sort();
      }),
    );
    expect(outcomes).toEqual(pairs.map(() => ['200', '422 account-parent-cycle']));
  });
});

