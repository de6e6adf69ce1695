import { anOpportunity, type Answer, client } from './support/http';
import { useApiPerSuite } from './support/api-process';

const WRITERS = 50;
const COMMANDS_EACH = 4;

/** 50 writers on one opportunity: every acknowledged command is one event, nothing is doubled, every refusal is 409 or 412. */
describe('concurrent writers on one stream', () => {
  const suite = useApiPerSuite();
  const manager = () => client(suite.api.url, suite.api.tokens.manager);
  const events = async (id: string): Promise<{ revision: number }[]> =>
    (await client(suite.api.url, suite.api.tokens.auditor).get(`/streams/opportunity-${id}?limit=1000`)).body.events as { revision: number }[];
  const rename = (id: string, writer: number, n: number, headers: Record<string, string> = {}): Promise<Answer> =>
    manager().post(`/opportunities/${id}/details`, { title: `Deal by writer ${writer}, change ${n}` }, headers);

  async function everyWriter(write: (writer: number, n: number) => Promise<Answer>): Promise<Answer[]> {
    const writers = Array.from({ length: WRITERS }, async (_, writer) => {
      const answers: Answer[] = [];
      for (let n = 0; n < COMMANDS_EACH; n++) answers.push(await write(writer, n));
      return answers;
    });
    return (await Promise.all(writers)).flat();
  }

  const outcome = async (id: string, answers: Answer[]) => {
    const acknowledged = answers.filter((answer) => answer.status === 200);
    return {
      refusals: [...new Set(answers.filter((answer) => answer.status !== 200).map((answer) => `${answer.status} ${String(answer.body.code)}`))],
      eventsAppended: (await events(id)).length - 1,
      distinctRevisionsAcknowledged: new Set(acknowledged.map((answer) => answer.body.revision)).size,
      acknowledged: acknowledged.length,
    };
  };

  it('without If-Match: each acknowledged command is one event at its own revision; a refusal is only 409 concurrency-conflict', async () => {
    const id = (await manager().post('/opportunities', anOpportunity({ ownerId: 'anna-snelling' }))).body.id as string;
    const answers = await everyWriter((writer, n) => rename(id, writer, n));
    const result = await outcome(id, answers);
    expect(result.refusals.every((refusal) => refusal === '409 concurrency-conflict')).toBe(true);
    expect({ events: result.eventsAppended, revisions: result.distinctRevisionsAcknowledged }).toEqual({ events: result.acknowledged, revisions: result.acknowledged });
  }, 60_000);

  it('with If-Match: each acknowledged command is one event at its own revision; a refusal is only 412 stale-revision', async () => {
    const id = (await manager().post('/opportunities', anOpportunity({ ownerId: 'anna-snelling' }))).body.id as string;
    const answers = await everyWriter(async (writer, n) => {
      const etag = (await manager().get(`/opportunities/${id}`)).headers.get('etag') ?? '"0"';
      return rename(id, writer, n, { 'if-match': etag });
    });
    const result = await outcome(id, answers);
    expect(result.refusals.every((refusal) => refusal === '412 stale-revision')).toBe(true);
    expect({ events: result.eventsAppended, revisions: result.distinctRevisionsAcknowledged }).toEqual({ events: result.acknowledged, revisions: result.acknowledged });
    expect(result.acknowledged).toBeGreaterThan(0);
  }, 60_000);
});
