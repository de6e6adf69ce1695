import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueToken } from '@ledger/platform';
import { type Answer, anOpportunity, client } from './support/http';
import { useApiPerSuite } from './support/api-process';

type Moment = { instant: string; answers: Record<string, Answer['body']> };

/** A live answer's `durationMs` of a stage still open grows with the clock; the rest must match exactly. */
function withoutRunningDurations(body: Answer['body']): Answer['body'] {
  const history = body.stageHistory as Array<Record<string, unknown>> | undefined;
  if (!history) return body;
  return { ...body, stageHistory: history.map((step, index) => (index === history.length - 1 ? { ...step, durationMs: 'running' } : step)) };
}

const withoutMark = ({ historical: _mark, ...body }: Answer['body']): Answer['body'] => body;

/**
 * Auditors read any record, the pipeline and the forecast as they stood at a past instant. The test
 * records what the live API answered at several moments of a history it makes, then asks for each
 * moment with asOf and expects the same answer, folded from the log.
 */
describe('Time travel: ?asOf= answers what the live API answered at that instant', () => {
  const suite = useApiPerSuite();
  const rep = () => client(suite.api.url, suite.api.tokens.rep);
  const auditor = () => client(suite.api.url, suite.api.tokens.auditor);
  const moments: Moment[] = [];
  const ids = {} as { deal: string; other: string; quote: string; task: string; account: string };
  let beforeAll_ = '';
  let lastPosition = '0';

  const step = async (path: string, body: unknown = {}): Promise<void> => {
    const answer = await rep().post(path, body);
    expect(answer.status).toBeLessThan(300);
    lastPosition = answer.body.position as string;
  };

  /** Reads the live answers once the views reflect every write, then takes the instant; the next write comes later. */
  const recordMoment = async (): Promise<void> => {
    const read = (path: string) => auditor().get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${lastPosition}`);
    const paths = {
      deal: `/opportunities/${ids.deal}`,
      quote: `/quotes/${ids.quote}`,
      task: `/tasks/${ids.task}`,
      account: `/accounts/${ids.account}`,
      pipeline: '/pipeline',
      forecast: '/forecast',
    };
    const answers: Record<string, Answer['body']> = {};
    for (const [name, path] of Object.entries(paths)) {
      const answer = await read(path);
      expect(answer.status).toBe(200);
      answers[name] = answer.body;
    }
    const instant = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    moments.push({ instant, answers });
  };

  beforeAll(async () => {
    beforeAll_ = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const opened = await rep().post('/opportunities', anOpportunity({ title: 'Fleet renewal', expectedCloseDate: '2099-03-31' }));
    ids.deal = opened.body.id as string;
    lastPosition = opened.body.position as string;
    ids.account = (await auditor().get(`/opportunities/${ids.deal}?minPosition=${lastPosition}`)).body.accountId as string;
    const other = await rep().post('/opportunities', anOpportunity({ title: 'Second site', amount: { amountMinor: 400_000, currency: 'EUR' } }));
    ids.other = other.body.id as string;
    const quote = await rep().post('/quotes', { opportunityId: ids.deal, validUntil: '2099-12-31' });
    ids.quote = quote.body.id as string;
    const task = await rep().post('/tasks', { title: 'Send the proposal', opportunityId: ids.deal, dueDate: '2099-01-01' });
    ids.task = task.body.id as string;
    lastPosition = task.body.position as string;
    await recordMoment();

    await step(`/opportunities/${ids.deal}/stage`, { stage: 'proposal' });
    await step(`/opportunities/${ids.deal}/details`, { amount: { amountMinor: 1_500_000, currency: 'USD' } });
    await step(`/quotes/${ids.quote}/lines`, { productCode: 'GTX-PRO', quantity: 2 });
    await step(`/tasks/${ids.task}/complete`);
    await recordMoment();

    await step(`/opportunities/${ids.other}/lost`, { reason: 'price' });
    await step(`/opportunities/${ids.deal}/stage`, { stage: 'qualification', reason: 'budget review' });
    await step(`/accounts/${ids.account}/profile`, { sector: 'logistics' });
    await recordMoment();

    await step(`/opportunities/${ids.other}/reopen`, {});
    await step(`/opportunities/${ids.deal}/won`, {});
    await recordMoment();
  });

  it.each([0, 1, 2, 3])('moment %i: the opportunity as of then equals the live answer then', async (index) => {
    const { instant, answers } = moments[index];
    const then = await auditor().get(`/opportunities/${ids.deal}?asOf=${instant}`);
    expect(then.status).toBe(200);
    expect(withoutRunningDurations(withoutMark(then.body))).toEqual(withoutRunningDurations(answers.deal));
  });

  it.each([0, 1, 2, 3])('moment %i: the pipeline and the forecast as of then equal the live answers then', async (index) => {
    const { instant, answers } = moments[index];
    expect(withoutMark((await auditor().get(`/pipeline?asOf=${instant}`)).body)).toEqual(answers.pipeline);
    expect(withoutMark((await auditor().get(`/forecast?asOf=${instant}`)).body)).toEqual(answers.forecast);
  });

  it.each([0, 1, 2, 3])('moment %i: the quote, the task and the account as of then equal the live answers then', async (index) => {
    const { instant, answers } = moments[index];
    expect(withoutMark((await auditor().get(`/quotes/${ids.quote}?asOf=${instant}`)).body)).toEqual(answers.quote);
    expect(withoutMark((await auditor().get(`/tasks/${ids.task}?asOf=${instant}`)).body)).toEqual(answers.task);
    expect(withoutMark((await auditor().get(`/accounts/${ids.account}?asOf=${instant}`)).body)).toEqual(answers.account);
  });

  it('measures a stage still open at the instant asked for up to that instant', async () => {
    const { instant } = moments[0];
    const { body } = await auditor().get(`/opportunities/${ids.deal}?asOf=${instant}`);
    const [first] = body.stageHistory as Array<{ enteredAt: string; durationMs: number }>;
    expect(first.durationMs).toBe(Date.parse(instant) - Date.parse(first.enteredAt));
  });

  it('marks a historical answer: Memento-Datetime and the position it stands at, no ETag to command against', async () => {
    const { instant } = moments[1];
    const then = await auditor().get(`/opportunities/${ids.deal}?asOf=${instant}`);
    expect(then.headers.get('etag')).toBeNull();
    expect(then.headers.get('memento-datetime')).toBe(new Date(instant).toUTCString());
    expect(then.body.historical).toEqual({ asOf: instant, position: expect.stringMatching(/^\d+$/) });
    expect((await auditor().get(`/opportunities/${ids.deal}`)).headers.get('etag')).toBe(`"${(await auditor().get(`/opportunities/${ids.deal}`)).body.revision as number}"`);
  });

  it('answers 404 for a record asked for before it existed', async () => {
    const before = await auditor().get(`/opportunities/${ids.deal}?asOf=${beforeAll_}`);
    expect({ status: before.status, code: before.body.code }).toEqual({ status: 404, code: 'opportunity-not-found' });
  });

  it('refuses an instant in the future (400 as-of-in-future)', async () => {
    const future = await auditor().get(`/pipeline?asOf=${new Date(Date.now() + 86_400_000).toISOString()}`);
    expect({ status: future.status, code: future.body.code }).toEqual({ status: 400, code: 'as-of-in-future' });
  });

  it('refuses what is not an instant (400 validation-failed)', async () => {
    expect((await auditor().get(`/opportunities/${ids.deal}?asOf=yesterday`)).status).toBe(400);
  });

  it("keeps today's access rules for a past instant: another team's manager is refused", async () => {
    const secret = readFileSync(join(suite.dataDir, 'jwt-secret'), 'utf8');
    const outsideManager = client(suite.api.url, issueToken(secret, { userId: 'melvin-marxen', role: 'manager' }, 600));
    const refused = await outsideManager.get(`/opportunities/${ids.deal}?asOf=${moments[0].instant}`);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'outside-your-team' });
  });

  describe('GET /pipeline/changes', () => {
    it('splits the change between two moments by cause, each part naming its deals, summing exactly to the change', async () => {
      const [start, , , end] = moments;
      const { status, body } = await auditor().get(`/pipeline/changes?from=${start.instant}&to=${end.instant}`);
      expect(status).toBe(200);
      const currencies = body.currencies as Array<{ currency: string; change: { amountMinor: number }; parts: Array<{ cause: string; amountMinor: number; opportunityIds: string[] }> }>;
      const usd = currencies.find((c) => c.currency === 'USD')!;
      expect(usd.change.amountMinor).toBe(-1_250_000);
      expect(usd.parts.filter((p) => p.opportunityIds.length > 0).map((p) => [p.cause, p.amountMinor, p.opportunityIds])).toEqual([['won', -1_250_000, [ids.deal]]]);
      const eur = currencies.find((c) => c.currency === 'EUR')!;
      expect(eur.change.amountMinor).toBe(0);
      for (const currency of currencies) expect(currency.parts.reduce((sum, p) => sum + p.amountMinor, 0)).toBe(currency.change.amountMinor);
    });

    it('names the deal that moved back a stage and what it took off the weighted pipeline', async () => {
      const { body } = await auditor().get(`/pipeline/changes?from=${moments[1].instant}&to=${moments[2].instant}`);
      const usd = (body.currencies as Array<{ currency: string; parts: Array<{ cause: string; weightedAmountMinor: number; opportunityIds: string[] }> }>).find((c) => c.currency === 'USD')!;
      expect(usd.parts.find((p) => p.cause === 'stage-moved-back')).toMatchObject({ weightedAmountMinor: -600_000, opportunityIds: [ids.deal] });
    });

    it('refuses from not before to (400 invalid-period)', async () => {
      const refused = await auditor().get(`/pipeline/changes?from=${moments[2].instant}&to=${moments[1].instant}`);
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 400, code: 'invalid-period' });
    });
  });
});
