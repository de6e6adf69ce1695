import { type OpportunityEvent, opportunityEvents } from '@ledger/sales';
import { anOpportunity, client } from './support/http';
import { useApiPerSuite } from './support/api-process';

describe('Opportunity lifecycle over HTTP (embedded store, started like npm start)', () => {
  const suite = useApiPerSuite();


  it('opens, changes and closes an opportunity; the stream shows every event with its actor', async () => {
    const rep = client(suite.api.url, suite.api.tokens.rep);
    const manager = client(suite.api.url, suite.api.tokens.manager);

    const opened = await rep.post('/opportunities', anOpportunity());
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    expect(opened.headers.get('location')).toBe(`/opportunities/${id}`);
    expect(opened.headers.get('etag')).toBe('"0"');
    expect(opened.body).toEqual({ id, revision: 0, position: expect.stringMatching(/^\d+$/) });

    const steps: Array<[string, unknown]> = [
      ['details', { title: 'Fleet renewal 2027 (40 vans)', amount: { amountMinor: 1_500_000, currency: 'USD' } }],
      ['stage', { stage: 'qualification' }],
      ['stage', { stage: 'proposal', probability: 55 }],
      ['stage', { stage: 'qualification', reason: 'Budget not confirmed' }],
      ['owner', { ownerId: 'rep-42' }],
      ['lost', { reason: 'Went with a competitor', competitor: 'Globex' }],
      ['reopen', { reason: 'Competitor failed delivery' }],
      ['stage', { stage: 'negotiation' }],
      ['won', {}],
    ];
    let revision = 0;
    let owner = rep;
    for (const [command, body] of steps) {
      if (command === 'owner') owner = manager;
      else if (owner === manager) {
        // Once the deal is another rep's, its former owner may no longer act on it.
        const refused = await rep.post(`/opportunities/${id}/${command}`, body);
        expect(refused.body).toMatchObject({ status: 403, code: 'not-the-owner' });
      }
      const answer = await owner.post(`/opportunities/${id}/${command}`, body, {
        'if-match': `"${revision}"`,
      });
      expect({ command, status: answer.status }).toEqual({ command, status: 200 });
      revision += 1;
      expect(answer.body.revision).toBe(revision);
      expect(answer.headers.get('etag')).toBe(`"${revision}"`);
    }

    const stream = await client(suite.api.url, suite.api.tokens.auditor).get(`/streams/opportunity-${id}`);
    expect(stream.status).toBe(200);
    const events = stream.body.events as Array<{ type: string; revision: number; metadata: { actor: { userId: string; role: string }; commandId: string; correlationId: string; causationId: string; occurredAt: string; schemaVersion: number } }>;
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
    expect(events.slice(5).map((e) => e.metadata.actor)).toEqual(Array(5).fill({ userId: 'demo-manager', role: 'manager' }));
    for (const event of events) {
      expect(event.metadata).toEqual({
        commandId: expect.any(String),
        correlationId: expect.any(String),
        causationId: expect.any(String),
        actor: expect.objectContaining({ userId: expect.stringMatching(/^demo-/) }),
        occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        schemaVersion: opportunityEvents.version(event.type as OpportunityEvent['type']),
      });
    }
  });

  it('pages a stream by revision', async () => {
    const rep = client(suite.api.url, suite.api.tokens.rep);
    const { body } = await rep.post('/opportunities', anOpportunity());
    const id = body.id as string;
    for (const stage of ['qualification', 'needs-analysis', 'proposal']) await rep.post(`/opportunities/${id}/stage`, { stage });
    const auditor = client(suite.api.url, suite.api.tokens.auditor);
    const first = await auditor.get(`/streams/opportunity-${id}?limit=3`);
    expect((first.body.events as unknown[]).length).toBe(3);
    expect(first.body.nextRevision).toBe(3);
    const second = await auditor.get(`/streams/opportunity-${id}?fromRevision=3&limit=3`);
    expect((second.body.events as Array<{ revision: number }>).map((e) => e.revision)).toEqual([3]);
    expect(second.body.nextRevision).toBeNull();
  });

  it('answers health and serves OpenAPI without a token', async () => {
    const anonymous = client(suite.api.url, undefined);
    expect((await anonymous.get('/health')).body).toMatchObject({ status: 'ok' });
    const openApi = await anonymous.get('/docs/openapi.json');
    expect(openApi.status).toBe(200);
    expect(Object.keys(openApi.body.paths as object)).toEqual(expect.arrayContaining(['/opportunities', '/opportunities/{id}/stage']));
  });
});
