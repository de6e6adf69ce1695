import { anOpportunity, client } from './support/http';
import { useApiPerSuite } from './support/api-process';

describe('Read side over HTTP: lists, details, pipeline, forecast, read-your-writes', () => {
  const suite = useApiPerSuite();


  it('a query with minPosition from a command answer always sees that command', async () => {
    const rep = client(suite.api.url, suite.api.tokens.rep);
    for (let i = 0; i < 30; i += 1) {
      const opened = await rep.post('/opportunities', anOpportunity({ title: `Deal ${i}` }));
      const id = opened.body.id as string;
      const moved = await rep.post(`/opportunities/${id}/stage`, { stage: 'proposal' });
      const seen = await rep.get(`/opportunities/${id}?minPosition=${moved.body.position as string}`);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ id, stage: 'proposal', revision: 1 });
      const viaHeader = await rep.get('/pipeline', { 'x-min-position': moved.body.position as string });
      expect(viaHeader.status).toBe(200);
    }
  });

  it('lets one caller hold at most 8 reads waiting for a position: the ninth is 429 too-many-waits with Retry-After', async () => {
    const analyst = client(suite.api.url, suite.api.tokens.analyst);
    const answers = await Promise.all(Array.from({ length: 9 }, () => analyst.get('/pipeline?minPosition=999999999')));
    const refused = answers.filter((answer) => answer.status === 429);
    expect({
      statuses: answers.map((answer) => answer.status).sort(),
      refused: refused.map((answer) => ({ code: answer.body.code, retryAfter: answer.headers.get('retry-after') })),
    }).toEqual({ statuses: [...Array(8).fill(503), 429].sort(), refused: [{ code: 'too-many-waits', retryAfter: '1' }] });
  }, 15_000);

  it('answers 503 with Retry-After, or stale data when asked, for a position the read model cannot reach', async () => {
    const rep = client(suite.api.url, suite.api.tokens.rep);
    const behind = await rep.get('/pipeline?minPosition=999999999');
    expect(behind.status).toBe(503);
    expect(behind.body).toMatchObject({ code: 'read-model-behind' });
    expect(behind.headers.get('retry-after')).toBe('1');
    const stale = await rep.get('/pipeline?minPosition=999999999&whenBehind=serve');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-read-model-stale')).toBe('true');
    expect((await rep.get('/pipeline?minPosition=abc')).status).toBe(400);
  }, 15_000);

  it('lists with filters and cursor paging, shows details with stage history, sums pipeline and forecast', async () => {
    const manager = client(suite.api.url, suite.api.tokens.manager);
    const owner = `owner-${Date.now()}`;
    // Owners are active members of the team directory; the manager sees their own team's deals.
    const managerId = (await manager.get('/team/me')).body.userId as string;
    expect((await client(suite.api.url, suite.api.tokens.admin).post('/team', { userId: owner, name: 'Paged Owner', role: 'rep', managerId })).status).toBe(201);
    const ids: string[] = [];
    let position = '';
    for (const [i, amount] of [100_000, 200_000, 300_000, 400_000, 500_000].entries()) {
      const opened = await manager.post(
        '/opportunities',
        anOpportunity({ ownerId: owner, title: `Paged ${i}`, amount: { amountMinor: amount, currency: 'EUR' }, expectedCloseDate: `2099-0${i + 1}-15` }),
      );
      ids.push(opened.body.id as string);
      position = opened.body.position as string;
    }
    position = (await manager.post(`/opportunities/${ids[4]}/stage`, { stage: 'negotiation' })).body.position as string;
    position = (await manager.post(`/opportunities/${ids[3]}/lost`, { reason: 'price' })).body.position as string;

    const first = await manager.get(`/opportunities?ownerId=${owner}&limit=2&minPosition=${position}`);
    expect((first.body.items as Array<{ id: string }>).map((o) => o.id)).toEqual([ids[0], ids[1]]);
    const second = await manager.get(`/opportunities?ownerId=${owner}&limit=2&cursor=${first.body.nextCursor as string}`);
    const third = await manager.get(`/opportunities?ownerId=${owner}&limit=2&cursor=${second.body.nextCursor as string}`);
    expect([...(second.body.items as Array<{ id: string }>), ...(third.body.items as Array<{ id: string }>)].map((o) => o.id)).toEqual(ids.slice(2));
    expect(third.body.nextCursor).toBeNull();
    const open = await manager.get(`/opportunities?ownerId=${owner}&status=open&amountMin=250000&q=paged`);
    expect((open.body.items as Array<{ id: string }>).map((o) => o.id)).toEqual([ids[2], ids[4]]);
    // The search's words are the view's bookkeeping, not part of the answer.
    expect(Object.keys((open.body.items as object[])[0])).not.toEqual(expect.arrayContaining(['titleWords']));
    expect(Object.keys((open.body.items as object[])[0])).not.toEqual(expect.arrayContaining(['accountWords']));
    expect((await manager.get('/opportunities?cursor=garbage')).body).toMatchObject({ status: 400, code: 'invalid-cursor' });

    const details = await manager.get(`/opportunities/${ids[4]}`);
    expect((details.body.stageHistory as Array<{ stage: string; by: string; durationMs: number }>).map((s) => [s.stage, s.by])).toEqual([
      ['prospecting', 'dustin-brinkmann'],
      ['negotiation', 'dustin-brinkmann'],
    ]);

    const pipeline = await manager.get(`/pipeline?ownerId=${owner}`);
    const byStage = Object.fromEntries((pipeline.body.stages as Array<{ stage: string; count: number; byCurrency: unknown[] }>).map((s) => [s.stage, s]));
    expect(byStage.prospecting).toEqual({
      stage: 'prospecting',
      count: 3,
      byCurrency: [{ currency: 'EUR', count: 3, totalAmountMinor: 600_000, weightedAmountMinor: 60_000 }],
    });
    expect(byStage.negotiation).toEqual({
      stage: 'negotiation',
      count: 1,
      byCurrency: [{ currency: 'EUR', count: 1, totalAmountMinor: 500_000, weightedAmountMinor: 400_000 }],
    });

    const forecast = await manager.get(`/forecast?ownerId=${owner}&fromMonth=2099-01&toMonth=2099-12`);
    expect(forecast.body.rows).toEqual([
      { month: '2099-01', forecastCategory: 'pipeline', currency: 'EUR', count: 1, amountMinor: 100_000, weightedAmountMinor: 10_000 },
      { month: '2099-02', forecastCategory: 'pipeline', currency: 'EUR', count: 1, amountMinor: 200_000, weightedAmountMinor: 20_000 },
      { month: '2099-03', forecastCategory: 'pipeline', currency: 'EUR', count: 1, amountMinor: 300_000, weightedAmountMinor: 30_000 },
      { month: '2099-05', forecastCategory: 'commit', currency: 'EUR', count: 1, amountMinor: 500_000, weightedAmountMinor: 400_000 },
    ]);
  });

  it('GET /projections shows checkpoint, lag and parked events', async () => {
    const answer = await client(suite.api.url, suite.api.tokens.admin).get('/projections');
    expect(answer.status).toBe(200);
    const consumers = answer.body.projections as Array<{ name: string; checkpoint: string; parked: unknown[] }>;
    expect(consumers.map((c) => c.name)).toEqual([
      'opportunity-views',
      'product-views',
      'quote-views',
      'order-views',
      'account-views',
      'team-members',
      'task-views',
      'activity-views',
      'timeline',
      'target-views',
      'sales-facts',
      'approval-queue',
      'api-key-views',
      'quote-accepted-to-order',
      'order-approved-to-won',
      'quote-total-to-opportunity',
      'assigned-opportunity-to-follow-up',
      'activity-next-step-to-task',
      'account-merge-to-opportunities',
    ]);
    for (const consumer of consumers) {
      expect(consumer).toMatchObject({ checkpoint: expect.stringMatching(/^\d+$/), parked: [] });
    }
  });
});
