import { type Actor, type CommandContext, type CommandResult, SqliteEventStore } from '@ledger/event-sourcing';
import { handleTeamMember } from '../../team';
import type { CreateTask } from '../domain';
import { loadTask, TaskCommandMessage, TaskHandler } from './task.handler';

const TASK = '9a3e5c1d-0000-4000-8000-00000000000a';
const ANA: Actor = { userId: 'ana', role: 'rep' };
const BEN: Actor = { userId: 'ben', role: 'rep' };
const MAX: Actor = { userId: 'max', role: 'manager' };
const SYSTEM: Actor = { userId: 'process:activity-next-step', role: 'system' };

let sequence = 0;
const as = (actor: Actor): CommandContext => {
  sequence += 1;
  const commandId = `cmd-${sequence}`;
  return { commandId, correlationId: commandId, causationId: commandId, actor, occurredAt: '2027-03-01T09:00:00.000Z' };
};

const payload = (assigneeId: string): Omit<CreateTask, 'type' | 'taskId' | 'at' | 'by'> => ({
  title: 'Call back',
  assigneeId,
  opportunityId: '3b9f1c1e-0000-4000-8000-00000000000a',
  accountId: null,
  dueDate: '2027-03-10',
  priority: 'normal',
  origin: { kind: 'manual' },
  notes: null,
});

describe('who may act on a task', () => {
  let store: SqliteEventStore;
  let tasks: InstanceType<typeof TaskHandler>;

  const forbidden = { code: 'not-the-assignee', kind: 'forbidden' };

  /** Assignees are active members of the team directory. */
  const join = (userId: string) =>
    handleTeamMember(store, { type: 'AddTeamMember', userId, name: userId, role: 'rep', managerId: null, regionalOffice: null }, as({ userId: 'admin', role: 'admin' }));

  beforeEach(async () => {
    store = new SqliteEventStore(':memory:');
    tasks = new TaskHandler(store);
    for (const userId of ['ana', 'ben', 'cat']) await join(userId);
  });
  afterEach(() => store.close());

  it('a rep creates tasks only for themselves', async () => {
    await expect(tasks.execute(new TaskCommandMessage({ type: 'CreateTask', taskId: TASK, ...payload(BEN.userId) }, as(ANA)))).rejects.toMatchObject(forbidden);
    expect((await loadTask(store, TASK)).status).toBe('initial');
    await expect(tasks.execute(new TaskCommandMessage({ type: 'CreateTask', taskId: TASK, ...payload(ANA.userId) }, as(ANA)))).resolves.toMatchObject({ appended: 1 });
  });

  it.each([
    ['manager', MAX],
    ['process manager', SYSTEM],
  ])('a %s creates tasks for anyone', async (_who, actor) => {
    await expect(tasks.execute(new TaskCommandMessage({ type: 'CreateTask', taskId: TASK, ...payload(ANA.userId) }, as(actor)))).resolves.toMatchObject({ appended: 1 });
  });

  /** A new task of Ana's, created by a manager; answers its id. */
  let created = 0;
  const anasTask = async (): Promise<string> => {
    created += 1;
    const taskId = `9a3e5c1d-0000-4000-8000-${String(created).padStart(12, '1')}`;
    await tasks.execute(new TaskCommandMessage({ type: 'CreateTask', taskId, ...payload(ANA.userId) }, as(MAX)));
    return taskId;
  };

  const attempts: [string, (taskId: string, context: CommandContext) => Promise<CommandResult>][] = [
    ['reassign', (id, c) => tasks.execute(new TaskCommandMessage({ type: 'ReassignTask', taskId: id, assigneeId: 'cat', reason: null }, c))],
    ['reschedule', (id, c) => tasks.execute(new TaskCommandMessage({ type: 'RescheduleTask', taskId: id, dueDate: '2027-03-12', reason: null }, c))],
    ['change the priority of', (id, c) => tasks.execute(new TaskCommandMessage({ type: 'ChangeTaskPriority', taskId: id, priority: 'high' }, c))],
    ['complete', (id, c) => tasks.execute(new TaskCommandMessage({ type: 'CompleteTask', taskId: id, outcome: null }, c))],
    ['cancel', (id, c) => tasks.execute(new TaskCommandMessage({ type: 'CancelTask', taskId: id, reason: 'No longer needed' }, c))],
  ];

  it.each(attempts)("another rep may not %s Ana's task; Ana, a manager and the system may", async (_what, attempt) => {
    await expect(attempt(await anasTask(), as(BEN))).rejects.toMatchObject(forbidden);
    for (const actor of [ANA, MAX, SYSTEM]) {
      await expect(attempt(await anasTask(), as(actor))).resolves.toMatchObject({ appended: 1 });
    }
  });

  it('Ana may hand her task to anyone, and then no longer act on it', async () => {
    const taskId = await anasTask();
    await tasks.execute(new TaskCommandMessage({ type: 'ReassignTask', taskId, assigneeId: BEN.userId, reason: 'Holiday' }, as(ANA)));
    expect(await loadTask(store, taskId)).toMatchObject({ assigneeId: BEN.userId });
    const complete = (actor: Actor) => tasks.execute(new TaskCommandMessage({ type: 'CompleteTask', taskId, outcome: null }, as(actor)));
    await expect(complete(ANA)).rejects.toMatchObject(forbidden);
    await expect(complete(BEN)).resolves.toMatchObject({ appended: 1 });
  });

  it('a rep may not act on a closed task of another rep either (403 before 422)', async () => {
    const taskId = await anasTask();
    await tasks.execute(new TaskCommandMessage({ type: 'CancelTask', taskId, reason: 'Duplicate' }, as(ANA)));
    const complete = (actor: Actor) => tasks.execute(new TaskCommandMessage({ type: 'CompleteTask', taskId, outcome: null }, as(actor)));
    await expect(complete(BEN)).rejects.toMatchObject(forbidden);
    await expect(complete(ANA)).rejects.toMatchObject({ code: 'task-closed' });
  });

  it('refuses a task for someone who is not in the team directory, and creates nothing', async () => {
    await expect(tasks.execute(new TaskCommandMessage({ type: 'CreateTask', taskId: TASK, ...payload('ghost') }, as(MAX)))).rejects.toMatchObject({
      code: 'not-in-team-directory',
      kind: 'rule-violated',
    });
    expect((await loadTask(store, TASK)).status).toBe('initial');
  });

  it('refuses to hand a task to a member who was deactivated', async () => {
    const taskId = await anasTask();
    await handleTeamMember(store, { type: 'DeactivateTeamMember', userId: 'cat', reason: 'Left' }, as({ userId: 'admin', role: 'admin' }));
    await expect(tasks.execute(new TaskCommandMessage({ type: 'ReassignTask', taskId, assigneeId: 'cat', reason: null }, as(MAX)))).rejects.toMatchObject({
      code: 'team-member-inactive',
    });
  });

  it('leaves reassigning a missing task to the domain (404), whoever the assignee', async () => {
    await expect(tasks.execute(new TaskCommandMessage({ type: 'ReassignTask', taskId: TASK, assigneeId: 'ghost', reason: null }, as(MAX)))).rejects.toMatchObject({
      code: 'task-not-found',
    });
  });

  it('leaves a missing task to the domain (404, not 403)', async () => {
    await expect(tasks.execute(new TaskCommandMessage({ type: 'CompleteTask', taskId: TASK, outcome: null }, as(BEN)))).rejects.toMatchObject({ code: 'task-not-found' });
  });
});
