import { type AllEvent, positionOf } from '@ledger/event-sourcing';
import { RecordingLog } from '@ledger/event-sourcing/testing';
import { useProjectionSpec } from '@ledger/read-store/testing';
import { type CreateTask, type TaskCommand, taskDecider, taskEvents } from '../../domain';
import { toTaskResource } from './task-resource';
import { TASK_VIEWS, type TaskView } from './task-view.document';
import { taskViewProjection } from './task-view.projection';

const ID = '9a3e5c1d-0000-4000-8000-00000000000a';
const OTHER_ID = '9a3e5c1d-0000-4000-8000-00000000000b';
const OPPORTUNITY_ID = '3b9f1c1e-0000-4000-8000-00000000000a';
const ACCOUNT_ID = '1f2e3d4c-0000-4000-8000-00000000000a';
const REP = 'ana';
const OTHER_REP = 'ben';
const MANAGER = 'max';

/** A task command without its task (ID unless given), time and actor, which `run` fills in. */
type Input<C> = C extends unknown ? Omit<C, 'taskId' | 'at' | 'by'> & { readonly taskId?: string } : never;

const creating = (overrides: Partial<Input<CreateTask>> = {}): Input<CreateTask> => ({
  type: 'CreateTask',
  title: 'Call back about the renewal',
  assigneeId: REP,
  opportunityId: OPPORTUNITY_ID,
  accountId: ACCOUNT_ID,
  dueDate: '2027-02-10',
  priority: 'normal',
  origin: { kind: 'manual' },
  notes: 'Ask about the fleet size',
  ...overrides,
});

const newLog = () => new RecordingLog(taskDecider, taskEvents, (command) => `task-${command.taskId}`, (userId) => (userId === MANAGER ? 'manager' : 'rep'));

describe('task-views projection', () => {
  const spec = useProjectionSpec<TaskView, TaskCommand, Input<TaskCommand>>({
    projection: taskViewProjection,
    log: newLog,
    defaults: (command) => ({ taskId: ID, ...command }),
    by: MANAGER,
    start: Date.UTC(2027, 1, 1, 9),
    collection: TASK_VIEWS,
    id: ID,
  });
  const { run, view, collection } = spec;

  it('TaskCreated creates the open task with every fact, nothing completed or cancelled', async () => {
    const createdAt = await run(creating(), REP);
    const expected: TaskView = {
      _id: ID,
      _revision: 0,
      title: 'Call back about the renewal',
      assigneeId: REP,
      opportunityId: OPPORTUNITY_ID,
      accountId: ACCOUNT_ID,
      dueDate: '2027-02-10',
      priority: 'normal',
      priorityRank: '2',
      status: 'open',
      origin: { kind: 'manual' },
      notes: 'Ask about the fleet size',
      createdAt,
      createdBy: REP,
      completedAt: null,
      completedBy: null,
      outcome: null,
      cancelledAt: null,
      cancelReason: null,
      updatedAt: createdAt,
    };
    expect(await view()).toEqual(expected);
  });

  it('TaskCreated keeps where the task came from and a missing subject or note', async () => {
    const origin = { kind: 'activity', activityId: '0c9e6f1a-7d2b-4e3f-8a5c-6b7d8e9f0a1b' } as const;
    await run(creating({ origin, accountId: null, notes: null }), 'process:activity-next-step');
    expect(await view()).toMatchObject({ origin, accountId: null, notes: null, createdBy: 'process:activity-next-step' });
  });

  it('TaskReassigned changes the assignee only', async () => {
    await run(creating(), REP);
    const before = await view();
    const reassignedAt = await run({ type: 'ReassignTask', assigneeId: OTHER_REP, reason: 'Holiday' }, REP);
    expect(await view()).toEqual({ ...before, _revision: 1, assigneeId: OTHER_REP, updatedAt: reassignedAt });
  });

  it('TaskRescheduled changes the due date only', async () => {
    await run(creating(), REP);
    const before = await view();
    const rescheduledAt = await run({ type: 'RescheduleTask', dueDate: '2027-02-17', reason: null }, REP);
    expect(await view()).toEqual({ ...before, _revision: 1, dueDate: '2027-02-17', updatedAt: rescheduledAt });
  });

  it('TaskPriorityChanged changes the priority only', async () => {
    await run(creating(), REP);
    const before = await view();
    const changedAt = await run({ type: 'ChangeTaskPriority', priority: 'high' });
    expect(await view()).toEqual({ ...before, _revision: 1, priority: 'high', priorityRank: '3', updatedAt: changedAt });
  });

  it('TaskCompleted closes it with when, by whom and the outcome', async () => {
    await run(creating(), REP);
    const completedAt = await run({ type: 'CompleteTask', outcome: 'Renewal agreed' }, REP);
    expect(await view()).toMatchObject({
      status: 'completed',
      completedAt,
      completedBy: REP,
      outcome: 'Renewal agreed',
      cancelledAt: null,
      cancelReason: null,
      updatedAt: completedAt,
    });
    // A closed task is never overdue.
    expect(toTaskResource(await view(), '2099-01-01')).toMatchObject({ id: ID, revision: 1, overdue: false });
  });

  it('TaskCancelled closes it with when and why', async () => {
    await run(creating(), REP);
    const cancelledAt = await run({ type: 'CancelTask', reason: 'Customer churned' });
    expect(await view()).toMatchObject({
      status: 'cancelled',
      cancelledAt,
      cancelReason: 'Customer churned',
      completedAt: null,
      completedBy: null,
      outcome: null,
    });
  });

  it('the resource names the id and revision, and an open task due before today is overdue', async () => {
    await run(creating({ dueDate: '2027-02-10' }), REP);
    const task = await view();
    expect(toTaskResource(task, '2027-02-10')).toEqual({
      id: ID,
      title: task.title,
      assigneeId: REP,
      opportunityId: OPPORTUNITY_ID,
      accountId: ACCOUNT_ID,
      dueDate: '2027-02-10',
      priority: 'normal',
      status: 'open',
      overdue: false,
      origin: { kind: 'manual' },
      notes: task.notes,
      createdAt: task.createdAt,
      createdBy: REP,
      completedAt: null,
      completedBy: null,
      outcome: null,
      cancelledAt: null,
      cancelReason: null,
      revision: 0,
      updatedAt: task.updatedAt,
    });
    expect(toTaskResource(task, '2027-02-11').overdue).toBe(true);
  });

  describe('replays', () => {
    const history = async () => {
      await run(creating(), REP);
      await run({ type: 'ReassignTask', assigneeId: OTHER_REP, reason: null }, REP);
      await run({ type: 'RescheduleTask', dueDate: '2027-02-20', reason: 'Waiting for budget' }, OTHER_REP);
      await run({ type: 'ChangeTaskPriority', priority: 'low' });
      await run({ type: 'CompleteTask', outcome: null }, OTHER_REP);
      await run({ ...creating(), taskId: OTHER_ID }, MANAGER);
      await run({ type: 'CancelTask', taskId: OTHER_ID, reason: 'Duplicate' });
    };

    it('replaying the whole history twice changes nothing (writes are guarded by the stream revision)', async () => {
      await history();
      const once = await collection();
      expect(once.map((task) => [task._id, task.status, task.assigneeId, task.dueDate, task.priority])).toEqual([
        [ID, 'completed', OTHER_REP, '2027-02-20', 'low'],
        [OTHER_ID, 'cancelled', REP, '2027-02-10', 'normal'],
      ]);

      await spec.expectRedeliveriesChangeNothing(once, 2, 4);
    });

    it('ignores an event older than the document, or of its revision, and applies the next one', async () => {
      await run(creating(), REP);
      await run({ type: 'RescheduleTask', dueDate: '2027-02-17', reason: null }, REP);
      const before = await view();
      expect(before._revision).toBe(1);
      const next = spec.log.all.length + 1;
      const stale = (revision: number, type: string, data: object): AllEvent => ({
        ...spec.log.all[revision],
        id: `stale-${revision}`,
        type,
        data,
        position: positionOf(next + revision),
      });
      await spec.applier.apply([
        stale(0, 'TaskCancelled', { taskId: ID, reason: 'late', cancelledAt: '2027-01-01T00:00:00.000Z', cancelledBy: MANAGER }),
        stale(1, 'TaskReassigned', {
          taskId: ID,
          previousAssigneeId: REP,
          assigneeId: OTHER_REP,
          reason: null,
          reassignedAt: '2027-01-01T00:00:00.000Z',
        }),
      ]);
      expect(await view()).toEqual(before);

      const changedAt = await run({ type: 'ChangeTaskPriority', priority: 'high' });
      expect(await view()).toMatchObject({ _revision: 2, priority: 'high', assigneeId: REP, status: 'open', updatedAt: changedAt });
    });
  });
});
