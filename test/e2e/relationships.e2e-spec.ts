import { execFileSync } from 'node:child_process';
import { anOpportunity, type Answer, client, eventually, type StreamEvent } from './support/http';
import { SALESCTL, useApiPerSuite } from './support/api-process';

type TimelineItem = { eventId: string; type: string; kind: string; at: string; summary: string; opportunityId: string | null; taskId: string | null };
type Task = { id: string; title: string; assigneeId: string; status: string; dueDate: string; origin: { kind: string; rule?: string; activityId?: string } };
type Member = { userId: string; name: string; role: string; managerId: string | null; regionalOffice: string | null; openOpportunities: number; overdueTasks: number };

const DUSTIN = 'dustin-brinkmann'; // a manager of the seeded team (seed/crm-sales/sales_teams.csv)
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('Accounts, team, tasks, activities and timelines over HTTP', () => {
  const suite = useApiPerSuite();
  const tokens = new Map<string, string>();
  /** A token for a user of a role, signed like the demo ones. */
  const as = (userId: string, role: string) => {
    const key = `${userId}/${role}`;
    if (!tokens.has(key)) {
      const env = { ...process.env, DATA_DIR: suite.dataDir, EVENTSTORE_URL: '', MONGODB_URL: '' };
      tokens.set(key, execFileSync(process.execPath, [SALESCTL, 'token', '--role', role, '--user', userId], { env }).toString().trim());
    }
    return client(suite.api.url, tokens.get(key));
  };
  const auditor = () => client(suite.api.url, suite.api.tokens.auditor);
  const events = async (stream: string): Promise<StreamEvent[]> => (await auditor().get(`/streams/${stream}`)).body.events as StreamEvent[];
  const at = (answer: Answer) => `minPosition=${answer.body.position as string}`;
  const timeline = async (path: string, after: Answer): Promise<TimelineItem[]> => {
    const page = await auditor().get(`${path}/timeline?${at(after)}&limit=500`);
    expect(page.status).toBe(200);
    return page.body.items as TimelineItem[];
  };

  it('assigns an unowned opportunity by round-robin with a follow-up task; a call with a next step makes a task; all of it on both timelines, newest first', async () => {
    const manager = as(DUSTIN, 'manager');
    const team = (await manager.get('/team?limit=500')).body.items as Member[];
    const reps = team.filter((member) => member.role === 'rep' && member.managerId === DUSTIN).map((member) => member.userId).sort();
    expect(reps.length).toBeGreaterThan(1);
    expect(team.every((member) => member.userId === DUSTIN || member.managerId === DUSTIN)).toBe(true);

    // Opened by a manager without an owner: the rule picks the next rep of his team in turn.
    const opened = await manager.post('/opportunities', anOpportunity({ accountName: 'Umbrella Logistics' }));
    expect(opened.status).toBe(201);
    const opportunityId = opened.body.id as string;
    const second = await manager.post('/opportunities', anOpportunity({ accountName: 'Umbrella Logistics', title: 'Second deal' }));
    const [openedEvent] = await events(`opportunity-${opportunityId}`);
    const { ownerId, accountId, assignment } = openedEvent.data as { ownerId: string; accountId: string; assignment: Record<string, unknown> };
    expect(assignment).toEqual({ rule: 'round-robin', pool: `team:${DUSTIN}`, candidates: reps.length });
    const secondOwner = ((await events(`opportunity-${second.body.id as string}`))[0].data as { ownerId: string }).ownerId;
    expect(reps.indexOf(secondOwner)).toBe((reps.indexOf(ownerId) + 1) % reps.length);
    // One account for both: the name found the account registered on the fly for the first.
    expect(((await events(`opportunity-${second.body.id as string}`))[0].data as { accountId: string }).accountId).toBe(accountId);

    const rep = as(ownerId, 'rep');
    const followUp = await eventually(async () => {
      const tasks = (await rep.get(`/tasks?assignee=me&opportunityId=${opportunityId}`)).body.items as Task[];
      return tasks.find((task) => task.origin.kind === 'assignment');
    });
    expect(followUp).toMatchObject({ assigneeId: ownerId, status: 'open', origin: { kind: 'assignment', rule: 'round-robin' }, dueDate: inDays(2) });
    const [taskCreated] = await events(`task-${followUp.id}`);
    expect(taskCreated.metadata.causationId).toBe(openedEvent.id);

    // The rep logs a call with a next step, which becomes a task; then completes it.
    const call = await rep.post('/activities', {
      kind: 'call',
      direction: 'outbound',
      occurredAt: new Date().toISOString(),
      durationMinutes: 20,
      subject: 'Discovery call',
      outcome: 'Interested in GTX Pro',
      accountId,
      opportunityId,
      nextStep: { title: 'Send pricing', dueDate: inDays(3) },
    });
    expect(call.status).toBe(201);
    const nextStep = await eventually(async () => {
      const tasks = (await rep.get(`/tasks?assignee=me&opportunityId=${opportunityId}`)).body.items as Task[];
      return tasks.find((task) => task.origin.kind === 'activity');
    });
    expect(nextStep).toMatchObject({ title: 'Send pricing', assigneeId: ownerId, dueDate: inDays(3), origin: { activityId: call.body.id } });
    expect((await as('jonathan-berthelot', 'rep').post(`/tasks/${nextStep.id}/complete`, {})).body).toMatchObject({ status: 403, code: 'not-the-assignee' });
    const completed = await rep.post(`/tasks/${nextStep.id}/complete`, { outcome: 'Pricing sent' });
    expect(completed.status).toBe(200);
    const moved = await rep.post(`/opportunities/${opportunityId}/stage`, { stage: 'qualification' });
    expect(moved.status).toBe(200);

    const expected = ['OpportunityStageChanged', 'TaskCompleted', 'TaskCreated', 'ActivityLogged', 'TaskCreated', 'OpportunityOpened'];
    const onOpportunity = await timeline(`/opportunities/${opportunityId}`, moved);
    expect(onOpportunity.map((item) => item.type)).toEqual(expected);
    expect(onOpportunity[2].taskId).toBe(nextStep.id);
    expect(onOpportunity[4].taskId).toBe(followUp.id);
    const times = onOpportunity.map((item) => item.at);
    expect([...times].sort().reverse()).toEqual(times);

    // The account's timeline has the same, among its other opportunity's and its own registration.
    const onAccount = await timeline(`/accounts/${accountId}`, moved);
    const ofThisDeal = onAccount.filter((item) => item.opportunityId === opportunityId || onOpportunity.some((o) => o.eventId === item.eventId));
    expect(ofThisDeal.map((item) => item.type)).toEqual(expected);
    expect(onAccount.at(-1)?.type).toBe('AccountRegistered');

    const account = await auditor().get(`/accounts/${accountId}?${at(moved)}`);
    expect(account.body).toMatchObject({
      name: 'Umbrella Logistics',
      status: 'active',
      openOpportunities: 2,
      openPipeline: [{ currency: 'USD', amountMinor: 2_500_000, count: 2 }],
      lastActivity: { id: call.body.id, kind: 'call', subject: 'Discovery call' },
    });

    // A correction is a new fact, shown on the timeline of what the activity was about.
    const corrected = await rep.post(`/activities/${call.body.id as string}/corrections`, { outcome: 'Very interested', reason: 'typo' });
    expect(corrected.status).toBe(200);
    expect((await timeline(`/opportunities/${opportunityId}`, corrected))[0]).toMatchObject({ type: 'ActivityCorrected', kind: 'activity' });

    // A quote is addressed to the opportunity's account.
    const quote = await rep.post('/quotes', { opportunityId, validUntil: inDays(30) });
    expect(quote.status).toBe(201);
    expect((await rep.get(`/quotes/${quote.body.id as string}?${at(quote)}`)).body).toMatchObject({ accountId, opportunityId });

    const member = (await as(ownerId, 'rep').get('/team/me')).body as unknown as Member;
    expect(member).toMatchObject({ userId: ownerId, role: 'rep', managerId: DUSTIN });
    expect(member.openOpportunities).toBeGreaterThanOrEqual(1);
  });

  it('merges a duplicate account: its opportunities and contacts follow, and both histories stay readable', async () => {
    const admin = client(suite.api.url, suite.api.tokens.admin);
    const rep = client(suite.api.url, suite.api.tokens.rep);
    const survivor = await admin.post('/accounts', { name: 'Initech', sector: 'software', yearEstablished: 1998, employees: 800 });
    expect(survivor.status).toBe(201);
    const duplicate = await rep.post('/accounts', { name: 'Initech Inc.' });
    const [survivorId, duplicateId] = [survivor.body.id as string, duplicate.body.id as string];
    const contact = await rep.post(`/accounts/${duplicateId}/contacts`, { fullName: 'Peter Gibbons', email: 'peter@initech.example', title: 'Engineer' });
    expect(contact.status).toBe(201);
    const onDuplicate = await rep.post('/opportunities', anOpportunity({ accountName: undefined, accountId: duplicateId, title: 'TPS reports' }));
    const onSurvivor = await rep.post('/opportunities', anOpportunity({ accountName: undefined, accountId: survivorId, title: 'Printers' }));
    expect(onDuplicate.body).toMatchObject({ revision: 0 });
    const duplicateDeal = onDuplicate.body.id as string;

    expect((await rep.post(`/accounts/${duplicateId}/merge`, { intoAccountId: survivorId })).status).toBe(403);
    expect((await admin.post(`/accounts/${duplicateId}/merge`, { intoAccountId: duplicateId })).body).toMatchObject({ code: 'account-merge-into-self' });
    const merged = await admin.post(`/accounts/${duplicateId}/merge`, { intoAccountId: survivorId });
    expect(merged.status).toBe(200);

    // The process manager moves the duplicate's opportunity, recording why.
    const move = await eventually(async () => (await events(`opportunity-${duplicateDeal}`)).find((event) => event.type === 'OpportunityAccountChanged'));
    expect(move.data).toMatchObject({ previousAccountId: duplicateId, accountId: survivorId, reason: 'merge' });
    expect(move.metadata.causationId).toBe((await events(`account-${duplicateId}`)).at(-1)!.id);

    // The move is a later append than the merge: read both overviews once the views have it.
    const afterMove = `minPosition=${move.position}`;
    const overview = (await auditor().get(`/accounts/${survivorId}?${afterMove}`)).body;
    expect(overview).toMatchObject({
      status: 'active',
      mergedAccounts: [{ id: duplicateId, name: 'Initech Inc.' }],
      contacts: [{ contactId: contact.body.id, accountId: duplicateId, personal: { fullName: 'Peter Gibbons' } }],
      openPipeline: [{ currency: 'USD', amountMinor: 2_500_000, count: 2 }],
    });
    expect((await auditor().get(`/accounts/${duplicateId}?${afterMove}`)).body).toMatchObject({ status: 'merged', mergedInto: survivorId, openOpportunities: 0 });

    // Both histories: the duplicate keeps its own; the survivor shows its own and the duplicate's.
    const withMove = (items: TimelineItem[]) => (items.some((item) => item.type === 'OpportunityAccountChanged') ? items : undefined);
    const duplicateTimeline = await eventually(async () => withMove(await timeline(`/accounts/${duplicateId}`, merged)));
    expect(duplicateTimeline.map((item) => item.type)).toEqual(
      expect.arrayContaining(['AccountRegistered', 'ContactAdded', 'OpportunityOpened', 'AccountMerged', 'OpportunityAccountChanged']),
    );
    const survivorTimeline = await eventually(async () => withMove(await timeline(`/accounts/${survivorId}`, merged)));
    const survivorTypes = survivorTimeline.map((item) => item.type);
    expect(survivorTypes.filter((type) => type === 'AccountRegistered')).toHaveLength(2);
    expect(survivorTypes.filter((type) => type === 'OpportunityOpened')).toHaveLength(2);
    expect(survivorTypes).toContain('AccountMerged');
    expect(survivorTimeline.some((item) => item.summary.includes('Peter'))).toBe(false);

    // A merged account cannot be changed, and an opportunity opened for it lands on the survivor.
    expect((await rep.post(`/accounts/${duplicateId}/name`, { name: 'Initech 2' })).body).toMatchObject({ status: 422, code: 'account-merged' });
    const late = await rep.post('/opportunities', anOpportunity({ accountName: undefined, accountId: duplicateId, title: 'Late' }));
    expect((await events(`opportunity-${late.body.id as string}`))[0].data).toMatchObject({ accountId: survivorId, accountName: 'Initech' });
    expect(onSurvivor.status).toBe(201);
  });

  it("reads a record whose history fills more than one timeline document as one list, newest first, the same page after page", async () => {
    const rep = client(suite.api.url, suite.api.tokens.rep);
    const opportunityId = (await rep.post('/opportunities', anOpportunity())).body.id as string;
    const taskId = (await rep.post('/tasks', { title: 'Chase the signature', opportunityId, dueDate: '2099-01-01' })).body.id as string;
    // With its creation, more entries than one timeline document holds (TIMELINE_BUCKET_SIZE, 100).
    const dueDates = Array.from({ length: 120 }, (_, day) => new Date(Date.UTC(2099, 1, day + 1)).toISOString().slice(0, 10));
    let last: Answer | undefined;
    for (const dueDate of dueDates) {
      last = await rep.post(`/tasks/${taskId}/reschedule`, { dueDate });
      expect(last.status).toBe(200);
    }
    const all = await timeline(`/opportunities/${opportunityId}`, last!);
    const ofTask = all.filter((item) => item.taskId === taskId);
    expect(ofTask.map((item) => item.summary)).toEqual([
      ...dueDates.map((dueDate) => `Task moved to ${dueDate}`).reverse(),
      expect.stringMatching(/^Task "Chase the signature" for \S+, due 2099-01-01$/),
    ]);
    const paged: TimelineItem[] = [];
    let cursor: string | null = null;
    do {
      const page: Answer = await auditor().get(`/opportunities/${opportunityId}/timeline?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...(page.body.items as TimelineItem[]));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(paged).toEqual(all);
  });

  it('refuses what the rules refuse, with problem+json codes', async () => {
    const rep = client(suite.api.url, suite.api.tokens.rep);
    expect((await rep.post('/opportunities', anOpportunity({ accountName: undefined }))).body).toMatchObject({ status: 400, code: 'validation-failed' });
    expect((await rep.post('/opportunities', anOpportunity({ accountName: undefined, accountId: '7d7ab8c4-6f35-4c57-9d8f-7b8a1d2f0e11' }))).body).toMatchObject({
      code: 'account-not-found',
    });
    expect((await rep.post('/tasks', { title: 'Call back', assigneeId: 'another-rep', accountId: '7d7ab8c4-6f35-4c57-9d8f-7b8a1d2f0e11', dueDate: inDays(1) })).body).toMatchObject({
      status: 403,
      code: 'not-the-assignee',
    });
    expect((await rep.post('/activities', { kind: 'note', direction: 'inbound', occurredAt: new Date().toISOString(), subject: 'x', accountId: '7d7ab8c4-6f35-4c57-9d8f-7b8a1d2f0e11' })).body).toMatchObject({
      status: 422,
      code: 'invalid-activity-direction',
    });
    expect((await rep.post('/team', { name: 'New Rep', role: 'rep' })).status).toBe(403);
    const admin = client(suite.api.url, suite.api.tokens.admin);
    expect((await admin.post('/team', { name: 'New Rep', role: 'rep', managerId: 'nobody' })).body).toMatchObject({ status: 422, code: 'team-manager-not-found' });
    const added = await admin.post('/team', { name: 'New Rep', role: 'rep', managerId: DUSTIN, regionalOffice: 'Central' });
    expect(added.status).toBe(201);
    expect(added.body.id).toBe('new-rep');
    // A manager sees his own team's pipeline, and no one else's.
    expect((await as(DUSTIN, 'manager').get('/pipeline?ownerId=demo-rep')).body).toMatchObject({ status: 403, code: 'outside-your-team' });
  });
});
