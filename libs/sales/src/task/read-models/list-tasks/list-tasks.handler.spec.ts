import type { WithoutTimeAndActor } from '@ledger/event-sourcing';
import { RecordingLog } from '@ledger/event-sourcing/testing';
import { FixedClock } from '@ledger/platform';
import { ProjectionApplier, SqliteReadStore } from '@ledger/read-store';
import { type CreateTask, type TaskCommand, taskDecider, taskEvents } from '../../domain';
import { GetTaskHandler } from '../task-details/get-task.handler';
import { GetTaskQuery } from '../task-details/get-task.query';
import { taskViewProjection } from '../task-view/task-view.projection';
import { ListTasksHandler } from './list-tasks.handler';
import { ListTasksQuery, type TaskListFilter } from './list-tasks.query';

const OPPORTUNITY_ID = '3b9f1c1e-0000-4000-8000-00000000000a';
const ACCOUNT_ID = '1f2e3d4c-0000-4000-8000-00000000000a';
const REP = 'ana';
const OTHER_REP = 'ben';
const AT = '2027-03-01T09:00:00.000Z';
/** Late on Wednesday 10 March in UTC (already Thursday east of it): today is 2027-03-10. */
const NOW = new Date('2027-03-10T23:30:00.000Z');

const id = (n: number) => `9a3e5c1d-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('ListTasksQuery and GetTaskQuery', () => {
  let views: SqliteReadStore;
  let list: ListTasksHandler;
  let get: GetTaskHandler;
  const log = () => new RecordingLog(taskDecider, taskEvents, (command) => `task-${command.taskId}`, () => 'manager');

  const tasks = (filter: Partial<TaskListFilter>) =>
    list.execute(new ListTasksQuery({ status: 'open', limit: 50, ...filter })).then((page) => page.items.map((task) => task.title));

  beforeEach(async () => {
    views = new SqliteReadStore(':memory:');
    const clock = new FixedClock(NOW);
    list = new ListTasksHandler(views, clock);
    get = new GetTaskHandler(views, clock);
    const recording = log();
    const create = (n: number, dueDate: string, overrides: Partial<CreateTask> = {}): void => {
      recording.record({
        type: 'CreateTask',
        taskId: id(n),
        title: `task ${n} due ${dueDate}`,
        assigneeId: REP,
        opportunityId: OPPORTUNITY_ID,
        accountId: null,
        dueDate,
        priority: 'normal',
        origin: { kind: 'manual' },
        notes: null,
        at: AT,
        by: 'max',
        ...overrides,
      });
    };
    const then = (command: WithoutTimeAndActor<TaskCommand>): void => {
      recording.record({ ...command, at: AT, by: 'max' } as TaskCommand);
    };
    create(1, '2027-03-09', { priority: 'high' });
    create(2, '2027-03-10');
    create(3, '2027-03-16', { priority: 'high' });
    create(4, '2027-03-17', { priority: 'low' });
    create(5, '2027-03-01', { assigneeId: OTHER_REP, opportunityId: null, accountId: ACCOUNT_ID });
    create(6, '2027-03-05');
    then({ type: 'CompleteTask', taskId: id(6), outcome: 'Done' });
    create(7, '2027-03-10');
    then({ type: 'CancelTask', taskId: id(7), reason: 'Duplicate' });
    await new ProjectionApplier(views, taskViewProjection).apply(recording.all);
  });
  afterEach(() => views.close());

  it('lists the open tasks by default, earliest due first', async () => {
    expect(await tasks({})).toEqual([
      'task 5 due 2027-03-01',
      'task 1 due 2027-03-09',
      'task 2 due 2027-03-10',
      'task 3 due 2027-03-16',
      'task 4 due 2027-03-17',
    ]);
  });

  it.each<[TaskListFilter['status'], number[]]>([
    ['completed', [6]],
    ['cancelled', [7]],
    ['all', [5, 6, 1, 2, 7, 3, 4]],
  ])('filters by status %s', async (status, expected) => {
    const page = await list.execute(new ListTasksQuery({ status, limit: 50 }));
    expect(page.items.map((task) => task.id)).toEqual(expected.map(id));
  });

  it('filters by the UTC date of the clock: overdue, today, and the week from today', async () => {
    expect(await tasks({ due: 'overdue' })).toEqual(['task 5 due 2027-03-01', 'task 1 due 2027-03-09']);
    expect(await tasks({ due: 'today' })).toEqual(['task 2 due 2027-03-10']);
    expect(await tasks({ due: 'week' })).toEqual(['task 2 due 2027-03-10', 'task 3 due 2027-03-16']);
  });

  it('filters by assignee, opportunity and account', async () => {
    expect(await tasks({ assigneeIds: [OTHER_REP] })).toEqual(['task 5 due 2027-03-01']);
    expect(await tasks({ assigneeIds: [REP], due: 'overdue' })).toEqual(['task 1 due 2027-03-09']);
    expect(await tasks({ opportunityId: OPPORTUNITY_ID })).toHaveLength(4);
    expect(await tasks({ accountId: ACCOUNT_ID })).toEqual(['task 5 due 2027-03-01']);
  });

  it('marks the open tasks due before today as overdue, never a closed one', async () => {
    const page = await list.execute(new ListTasksQuery({ status: 'all', limit: 50 }));
    expect(page.items.filter((task) => task.overdue).map((task) => task.id)).toEqual([id(5), id(1)]);
  });

  it('pages in due-date order without skipping or repeating', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list.execute(new ListTasksQuery({ status: 'all', limit: 2, cursor }));
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((task) => task.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([5, 6, 1, 2, 7, 3, 4].map(id));
  });

  it('filters by priority', async () => {
    expect(await tasks({ priority: 'high' })).toEqual(['task 1 due 2027-03-09', 'task 3 due 2027-03-16']);
  });

  it('filters by priority, status and opportunity together', async () => {
    expect(await tasks({ priority: 'normal', status: 'all', opportunityId: OPPORTUNITY_ID })).toEqual([
      'task 6 due 2027-03-05',
      'task 2 due 2027-03-10',
      'task 7 due 2027-03-10',
    ]);
  });

  it('sorts by due date, latest first', async () => {
    expect(await tasks({ sort: '-dueDate' })).toEqual([
      'task 4 due 2027-03-17',
      'task 3 due 2027-03-16',
      'task 2 due 2027-03-10',
      'task 1 due 2027-03-09',
      'task 5 due 2027-03-01',
    ]);
  });

  it('sorts by priority, highest first (ties in id order, reversed with the direction)', async () => {
    const page = await list.execute(new ListTasksQuery({ status: 'open', limit: 50, sort: '-priority' }));
    expect(page.items.map((task) => task.id)).toEqual([3, 1, 5, 2, 4].map(id));
  });

  it('sorts by priority, lowest first', async () => {
    const page = await list.execute(new ListTasksQuery({ status: 'open', limit: 50, sort: 'priority' }));
    expect(page.items.map((task) => task.id)).toEqual([4, 2, 5, 1, 3].map(id));
  });

  it('pages in priority order without skipping or repeating', async () => {
    const first = await list.execute(new ListTasksQuery({ status: 'all', limit: 4, sort: '-priority' }));
    const second = await list.execute(new ListTasksQuery({ status: 'all', limit: 4, sort: '-priority', cursor: first.nextCursor! }));
    expect({ ids: [...first.items, ...second.items].map((task) => task.id), last: second.nextCursor }).toEqual({ ids: [3, 1, 7, 6, 5, 2, 4].map(id), last: null });
  });

  it('gets one task as a resource, or null', async () => {
    expect(await get.execute(new GetTaskQuery(id(1)))).toMatchObject({ id: id(1), overdue: true, revision: 0, status: 'open' });
    expect(await get.execute(new GetTaskQuery(id(99)))).toBeNull();
  });
});
