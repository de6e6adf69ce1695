import { type Actor, type CommandContext, type CommandResult, SqliteEventStore } from '@ledger/event-sourcing';
import { CancelTaskCommand } from './cancel-task/cancel-task.command';
import { CancelTaskHandler } from './cancel-task/cancel-task.handler';
import { ChangeTaskPriorityCommand } from './change-task-priority/change-task-priority.command';
import { ChangeTaskPriorityHandler } from './change-task-priority/change-task-priority.handler';
import { CompleteTaskCommand } from './complete-task/complete-task.command';
import { CompleteTaskHandler } from './complete-task/complete-task.handler';
import { CreateTaskCommand, type CreateTaskPayload } from './create-task/create-task.command';
import { CreateTaskHandler } from './create-task/create-task.handler';
import { ReassignTaskCommand } from './reassign-task/reassign-task.command';
import { ReassignTaskHandler } from './reassign-task/reassign-task.handler';
import { RescheduleTaskCommand } from './reschedule-task/reschedule-task.command';
import { RescheduleTaskHandler } from './reschedule-task/reschedule-task.handler';
import { loadTask } from './task-stream';

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

const payload = (assigneeId: string): CreateTaskPayload => ({
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
  let create: CreateTaskHandler;
  let reassign: ReassignTaskHandler;

  const forbidden = { code: 'not-the-assignee', kind: 'forbidden' };

  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
    create = new CreateTaskHandler(store);
    reassign = new ReassignTaskHandler(store);
  });
  afterEach(() => store.close());

  it('a rep creates tasks only for themselves', async () => {
    await expect(create.execute(new CreateTaskCommand(TASK, payload(BEN.userId), as(ANA)))).rejects.toMatchObject(forbidden);
    expect((await loadTask(store, TASK)).status).toBe('initial');
    await expect(create.execute(new CreateTaskCommand(TASK, payload(ANA.userId), as(ANA)))).resolves.toMatchObject({ appended: 1 });
  });

  it.each([
    ['manager', MAX],
    ['process manager', SYSTEM],
  ])('a %s creates tasks for anyone', async (_who, actor) => {
    await expect(create.execute(new CreateTaskCommand(TASK, payload(ANA.userId), as(actor)))).resolves.toMatchObject({ appended: 1 });
  });

  /** A new task of Ana's, created by a manager; answers its id. */
  let tasks = 0;
  const anasTask = async (): Promise<string> => {
    tasks += 1;
    const taskId = `9a3e5c1d-0000-4000-8000-${String(tasks).padStart(12, '1')}`;
    await create.execute(new CreateTaskCommand(taskId, payload(ANA.userId), as(MAX)));
    return taskId;
  };

  const attempts: [string, (taskId: string, context: CommandContext) => Promise<CommandResult>][] = [
    ['reassign', (id, c) => reassign.execute(new ReassignTaskCommand(id, { assigneeId: 'cat', reason: null }, c))],
    ['reschedule', (id, c) => new RescheduleTaskHandler(store).execute(new RescheduleTaskCommand(id, { dueDate: '2027-03-12', reason: null }, c))],
    ['change the priority of', (id, c) => new ChangeTaskPriorityHandler(store).execute(new ChangeTaskPriorityCommand(id, { priority: 'high' }, c))],
    ['complete', (id, c) => new CompleteTaskHandler(store).execute(new CompleteTaskCommand(id, { outcome: null }, c))],
    ['cancel', (id, c) => new CancelTaskHandler(store).execute(new CancelTaskCommand(id, { reason: 'No longer needed' }, c))],
  ];

  it.each(attempts)("another rep may not %s Ana's task; Ana, a manager and the system may", async (_what, attempt) => {
    await expect(attempt(await anasTask(), as(BEN))).rejects.toMatchObject(forbidden);
    for (const actor of [ANA, MAX, SYSTEM]) {
      await expect(attempt(await anasTask(), as(actor))).resolves.toMatchObject({ appended: 1 });
    }
  });

  it('Ana may hand her task to anyone, and then no longer act on it', async () => {
    const taskId = await anasTask();
    await reassign.execute(new ReassignTaskCommand(taskId, { assigneeId: BEN.userId, reason: 'Holiday' }, as(ANA)));
    expect(await loadTask(store, taskId)).toMatchObject({ assigneeId: BEN.userId });
    const complete = new CompleteTaskHandler(store);
    await expect(complete.execute(new CompleteTaskCommand(taskId, { outcome: null }, as(ANA)))).rejects.toMatchObject(forbidden);
    await expect(complete.execute(new CompleteTaskCommand(taskId, { outcome: null }, as(BEN)))).resolves.toMatchObject({ appended: 1 });
  });

  it('a rep may not act on a closed task of another rep either (403 before 422)', async () => {
    const taskId = await anasTask();
    await new CancelTaskHandler(store).execute(new CancelTaskCommand(taskId, { reason: 'Duplicate' }, as(ANA)));
    const complete = new CompleteTaskHandler(store);
    await expect(complete.execute(new CompleteTaskCommand(taskId, { outcome: null }, as(BEN)))).rejects.toMatchObject(forbidden);
    await expect(complete.execute(new CompleteTaskCommand(taskId, { outcome: null }, as(ANA)))).rejects.toMatchObject({ code: 'task-closed' });
  });

  it('leaves a missing task to the domain (404, not 403)', async () => {
    await expect(
      new CompleteTaskHandler(store).execute(new CompleteTaskCommand(TASK, { outcome: null }, as(BEN))),
    ).rejects.toMatchObject({ code: 'task-not-found' });
  });
});
