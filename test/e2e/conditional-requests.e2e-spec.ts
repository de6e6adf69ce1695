import { anOpportunity, type Answer, client } from './support/http';
import { useApiPerSuite } from './support/api-process';

describe('If-Match per RFC 9110: strong tags, lists, *, weak tags never match, malformed refused', () => {
  const suite = useApiPerSuite();
  const rep = () => client(suite.api.url, suite.api.tokens.rep);
  const streamLength = async (id: string): Promise<number> =>
    ((await client(suite.api.url, suite.api.tokens.auditor).get(`/streams/opportunity-${id}`)).body.events as unknown[]).length;
  /** An opportunity at revision 1 (opened, then moved to qualification). */
  const atRevisionOne = async (): Promise<string> => {
    const id = (await rep().post('/opportunities', anOpportunity())).body.id as string;
    await rep().post(`/opportunities/${id}/stage`, { stage: 'qualification' });
    return id;
  };
  const moveWith = async (id: string, ifMatch: string): Promise<Answer> => rep().post(`/opportunities/${id}/stage`, { stage: 'proposal' }, { 'if-match': ifMatch });

  it('accepts the current revision as a quoted strong tag', async () => {
    const id = await atRevisionOne();
    expect((await moveWith(id, '"1"')).body).toMatchObject({ revision: 2 });
  });

  it('accepts a list of strong tags that holds the current revision', async () => {
    const id = await atRevisionOne();
    expect((await moveWith(id, '"0", "1"')).body).toMatchObject({ revision: 2 });
  });

  it('refuses a list of strong tags without the current revision with 412', async () => {
    const id = await atRevisionOne();
    expect((await moveWith(id, '"0", "5"')).body).toMatchObject({ status: 412, code: 'stale-revision', currentRevision: 1 });
  });

  it('accepts * for a record that exists', async () => {
    const id = await atRevisionOne();
    expect((await moveWith(id, '*')).body).toMatchObject({ revision: 2 });
  });

  it('refuses * for a record that does not exist with 412, and offers no ETag for it', async () => {
    const answer = await moveWith('7d0f1b8e-4a7c-4c8e-9d55-1f0a2b3c4d5e', '*');
    expect({ body: answer.body, etag: answer.headers.get('etag') }).toMatchObject({ body: { status: 412, code: 'stale-revision', currentRevision: -1 }, etag: null });
  });

  it("answers a rep acting on another rep's deal 403 whatever If-Match says, telling nothing of its revision", async () => {
    const manager = client(suite.api.url, suite.api.tokens.manager);
    const team = (await manager.get('/team?limit=100')).body.items as { userId: string; role: string }[];
    const me = (await rep().get('/team/me')).body.userId as string;
    const otherRep = team.find((member) => member.role === 'rep' && member.userId !== me)!.userId;
    const id = (await manager.post('/opportunities', anOpportunity({ ownerId: otherRep }))).body.id as string;
    const answer = await moveWith(id, '"7"');
    expect({ body: answer.body, etag: answer.headers.get('etag') }).toMatchObject({ body: { status: 403, code: 'not-the-owner' }, etag: null });
  });

  it('never matches a weak tag, even of the current revision: 412 and nothing appended', async () => {
    const id = await atRevisionOne();
    const answer = await moveWith(id, 'W/"1"');
    expect({ status: answer.status, code: answer.body.code, events: await streamLength(id) }).toEqual({ status: 412, code: 'stale-revision', events: 2 });
  });

  it('refuses an unquoted revision with 400 invalid-if-match', async () => {
    const id = await atRevisionOne();
    expect((await moveWith(id, '1')).body).toMatchObject({ status: 400, code: 'invalid-if-match' });
  });

  it('refuses a revision with a leading zero ("01") with 400 invalid-if-match', async () => {
    const id = await atRevisionOne();
    expect((await moveWith(id, '"01"')).body).toMatchObject({ status: 400, code: 'invalid-if-match' });
  });

  it('refuses garbage with 400 invalid-if-match and appends nothing', async () => {
    const id = await atRevisionOne();
    const answer = await moveWith(id, '"1" garbage');
    expect({ status: answer.status, code: answer.body.code, events: await streamLength(id) }).toEqual({ status: 400, code: 'invalid-if-match', events: 2 });
  });

  it('refuses * mixed with entity tags with 400 invalid-if-match', async () => {
    const id = await atRevisionOne();
    expect((await moveWith(id, '*, "1"')).body).toMatchObject({ status: 400, code: 'invalid-if-match' });
  });
});
