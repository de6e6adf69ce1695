import { anOpportunity, client } from './support/http';
import { newDataDir, removeDataDir, startApi } from './support/api-process';

describe('Durability of the embedded store', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = newDataDir()));
  afterEach(() => removeDataDir(dataDir));

  it('keeps the data after a restart: the revision continues, tokens and idempotency keys still hold', async () => {
    const first = await startApi(dataDir);
    const rep = client(first.url, first.tokens.rep);
    const key = { 'idempotency-key': 'open-before-restart' };
    const opened = await rep.post('/opportunities', anOpportunity(), key);
    const id = opened.body.id as string;
    await rep.post(`/opportunities/${id}/stage`, { stage: 'qualification' });
    await first.stop();

    const second = await startApi(dataDir);
    try {
      const sameToken = client(second.url, first.tokens.rep);
      const replay = await sameToken.post('/opportunities', anOpportunity(), key);
      expect(replay.body).toEqual(opened.body);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      const moved = await sameToken.post(`/opportunities/${id}/stage`, { stage: 'proposal' }, { 'if-match': '"1"' });
      expect(moved.status).toBe(200);
      expect(moved.body.revision).toBe(2);
      const events = (await client(second.url, second.tokens.auditor).get(`/streams/opportunity-${id}`)).body.events as unknown[];
      expect(events).toHaveLength(3);
    } finally {
      await second.stop();
    }
  });

  it('loses no acknowledged command when the process is killed (SIGKILL) under load', async () => {
    const api = await startApi(dataDir);
    const rep = client(api.url, api.tokens.rep);
    const acknowledged: string[] = [];
    const senders = Array.from({ length: 16 }, async () => {
      for (;;) {
        try {
          const answer = await rep.post('/opportunities', anOpportunity());
          if (answer.status === 201) acknowledged.push(answer.body.id as string);
        } catch {
          return; // the server is gone
        }
      }
    });
    while (acknowledged.length < 200) await new Promise((r) => setTimeout(r, 5));
    await api.stop('SIGKILL');
    await Promise.all(senders);

    const restarted = await startApi(dataDir);
    try {
      const auditor = client(restarted.url, restarted.tokens.auditor);
      const missing: string[] = [];
      for (const id of acknowledged) {
        const answer = await auditor.get(`/streams/opportunity-${id}`);
        if (answer.status !== 200) missing.push(id);
      }
      expect({ acknowledged: acknowledged.length, missing }).toEqual({ acknowledged: acknowledged.length, missing: [] });
    } finally {
      await restarted.stop();
    }
  });
});
