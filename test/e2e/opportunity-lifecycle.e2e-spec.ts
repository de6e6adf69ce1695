import { type OpportunityEvent, opportunityEvents } from '@ledger/sales';
import { type Answer, anOpportunity, client } from './support/http';
import { useApiPerSuite } from './support/api-process';

type RecordedEvent = {
  type: string;
  revision: number;
  metadata: { actor: { userId: string; role: string }; commandId: string; correlationId: string; causationId: string; occurredAt: string; schemaVersion: number };
};

describe('Opportunity lifecycle over HTTP (embedded store, started like npm start)', () => {
  const suite = useApiPerSuite();
  const rep = () => client(suite.api.url, suite.api.tokens.rep);
  const manager = () => client(suite.api.url, suite.api.tokens.manager);
  const auditor = () => client(suite.api.url, suite.api.tokens.auditor);

  // Owners are active members of the team directory: rep-42, to whom deals are handed, joins it first.
  beforeAll(async () => {
    expect((await client(suite.api.url, suite.api.tokens.admin).post('/team', { userId: 'rep-42', name: 'Rep 42', role: 'rep' })).status).toBe(201);
  });

  const open = async (): Promise<string> => (await rep().post('/opportunities', anOpportunity())).body.id as string;
  const eventsOf = async (id: string): Promise<RecordedEvent[]> => (await auditor().get(`/streams/opportunity-${id}`)).body.events as RecordedEvent[];
  const headline = (answer: Answer) => ({ status: answer.status, revision: answer.body.revision, etag: answer.headers.get('etag') });

  /** A deal the rep opens and works, hands to rep-42 (the manager acts from then on), loses, reopens and wins; each command conditional on the revision before it. */
  const workedDeal = async (): Promise<{ id: string; answers: Answer[] }> => {
    const id = await open();
    const step = (by: ReturnType<typeof client>, command: string, body: unknown, revision: number) =>
      by.post(`/opportunities/${id}/${command}`, body, { 'if-match': `"${revision}"` });
    const answers = [
      await step(rep(), 'details', { title: 'Fleet renewal 2027 (40 vans)', amount: { amountMinor: 1_500_000, currency: 'USD' } }, 0),
      await step(rep(), 'stage', { stage: 'qualification' }, 1),
      await step(rep(), 'stage', { stage: 'proposal', probability: 55 }, 2),
      await step(rep(), 'stage', { stage: 'qualification', reason: 'Budget not confirmed' }, 3),
      await step(manager(), 'owner', { ownerId: 'rep-42' }, 4),
      await step(manager(), 'lost', { reason: 'Went with a competitor', competitor: 'Globex' }, 5),
      await step(manager(), 'reopen', { reason: 'Competitor failed delivery' }, 6),
      await step(manager(), 'stage', { stage: 'negotiation' }, 7),
      await step(manager(), 'won', {}, 8),
    ];
    return { id, answers };
  };

  it('opening answers 201 with the Location of the new opportunity, its first revision as ETag, and the log position', async () => {
    const opened = await rep().post('/opportunities', anOpportunity());

    const id = opened.body.id as string;
    expect(opened.status).toBe(201);
    expect(opened.headers.get('location')).toBe(`/opportunities/${id}`);
    expect(opened.headers.get('etag')).toBe('"0"');
    expect(opened.body).toEqual({ id, revision: 0, position: expect.stringMatching(/^\d+$/) });
  });

  it('each command conditional on the current revision answers 200 with the next revision, also as ETag', async () => {
    const { answers } = await workedDeal();

    expect(answers.map(headline)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((revision) => ({ status: 200, revision, etag: `"${revision}"` })));
  });

  it('the stream records every change in order: details, stages, owner, loss, reopening, win', async () => {
    const { id } = await workedDeal();

    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual([
      'OpportunityOpened',
      'OpportunityDetailsUpdated',
      'OpportunityStageChanged',
      'OpportunityStageChanged',
      'OpportunityStageChanged',
      'OpportunityOwnerReassigned',
      'OpportunityLost',
      'OpportunityReopened',
      'OpportunityStageChanged',
      'OpportunityWon',
    ]);
    expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('every event names who did it, in which flow and when, and the schema version of its type', async () => {
    const { id } = await workedDeal();

    const events = await eventsOf(id);
    expect(events.slice(5).map((e) => e.metadata.actor)).toEqual(Array(5).fill({ userId: 'dustin-brinkmann', role: 'manager' }));
    expect(events.map((e) => e.metadata)).toEqual(
      events.map((event) => ({
        commandId: expect.any(String),
        correlationId: expect.any(String),
        causationId: expect.any(String),
        actor: expect.objectContaining({ userId: expect.stringMatching(/^[a-z]+(-[a-z]+)+$/) }),
        occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        schemaVersion: opportunityEvents.version(event.type as OpportunityEvent['type']),
      })),
    );
  });

  it('once the deal is another rep’s, its former owner may no longer act on it (403 not-the-owner) and nothing is appended', async () => {
    const id = await open();
    await manager().post(`/opportunities/${id}/owner`, { ownerId: 'rep-42' });

    const refused = [
      await rep().post(`/opportunities/${id}/lost`, { reason: 'Went with a competitor', competitor: 'Globex' }),
      await rep().post(`/opportunities/${id}/reopen`, { reason: 'Competitor failed delivery' }),
      await rep().post(`/opportunities/${id}/stage`, { stage: 'negotiation' }),
      await rep().post(`/opportunities/${id}/won`, {}),
    ];

    expect(refused.map((answer) => answer.body)).toEqual(Array(4).fill(expect.objectContaining({ status: 403, code: 'not-the-owner' })));
    expect((await eventsOf(id)).map((e) => e.revision)).toEqual([0, 1]);
  });

  it('the stage history of a won deal names the stage it was won from', async () => {
    const id = await open();
    await rep().post(`/opportunities/${id}/stage`, { stage: 'negotiation' });
    const won = await rep().post(`/opportunities/${id}/won`, {});

    const history = (await rep().get(`/opportunities/${id}?minPosition=${won.body.position as string}`)).body.stageHistory as Array<{ stage: string; how: string; fromStage: string | null }>;
    expect(history.map(({ stage, how, fromStage }) => ({ stage, how, fromStage }))).toEqual([
      { stage: 'prospecting', how: 'opened', fromStage: null },
      { stage: 'negotiation', how: 'forward', fromStage: 'prospecting' },
      { stage: 'closed-won', how: 'won', fromStage: 'negotiation' },
    ]);
  });

  it('pages a stream by revision', async () => {
    const id = await open();
    await rep().post(`/opportunities/${id}/stage`, { stage: 'qualification' });
    await rep().post(`/opportunities/${id}/stage`, { stage: 'needs-analysis' });
    await rep().post(`/opportunities/${id}/stage`, { stage: 'proposal' });

    const first = await auditor().get(`/streams/opportunity-${id}?limit=3`);
    const second = await auditor().get(`/streams/opportunity-${id}?fromRevision=3&limit=3`);

    expect((first.body.events as unknown[]).length).toBe(3);
    expect(first.body.nextRevision).toBe(3);
    expect((second.body.events as Array<{ revision: number }>).map((e) => e.revision)).toEqual([3]);
    expect(second.body.nextRevision).toBeNull();
  });

  it('documents every command route with its headers, its answer and every problem answer', async () => {
    const openApi = (await client(suite.api.url, undefined).get('/docs/openapi.json')).body as {
      paths: Record<string, Record<string, { parameters: Array<{ name: string; in: string }>; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };

    const won = openApi.paths['/opportunities/{id}/won'].post;
    const open = openApi.paths['/opportunities'].post;

    expect(won.parameters.filter((p) => p.in === 'header').map((p) => p.name)).toEqual(expect.arrayContaining(['Idempotency-Key', 'If-Match']));
    expect(Object.keys(won.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '412', '422']));
    expect(Object.keys(open.responses)).toEqual(expect.arrayContaining(['201', '400', '422']));
    expect(open.parameters.map((p) => p.name)).not.toContain('If-Match');
    expect(openApi.components.schemas.ChangeStageRequest.properties.reason).toMatchObject({ type: ['string', 'null'] });
  });

  it('answers health and serves OpenAPI without a token', async () => {
    const anonymous = client(suite.api.url, undefined);

    const health = await anonymous.get('/health');
    const openApi = await anonymous.get('/docs/openapi.json');

    expect(health.body).toMatchObject({ status: 'ok', info: { eventLogWriter: { status: 'up' }, eventStore: { status: 'up' } } });
    expect((await anonymous.get('/health/live')).body).toMatchObject({ status: 'ok', info: { eventLogWriter: { status: 'up' } } });
    expect(openApi.status).toBe(200);
    expect(Object.keys(openApi.body.paths as object)).toEqual(expect.arrayContaining(['/opportunities', '/opportunities/{id}/stage']));
  });
});
