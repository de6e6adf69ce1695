import { DomainError, fold } from '@ledger/event-sourcing/kernel';
import { deciderSpec } from '@ledger/event-sourcing/testing';
import type { CreateTask, TaskCommand } from './task.commands';
import { taskDecider } from './task.decide';
import type {
  TaskCancelled,
  TaskCompleted,
  TaskCreated,
  TaskEvent,
  TaskOrigin,
  TaskPriority,
  TaskReassigned,
  TaskRescheduled,
} from './task.events';

const spec = deciderSpec(taskDecider);

const TASK = 'a6f0c2de-3b51-4c8e-9d0f-1e2a3b4c5d6e';
const OPPORTUNITY = 'opp-7';
const ACCOUNT = 'acc-3';
const CREATED_AT = '2026-03-01T09:00:00.000Z';
const AT = '2026-03-12T14:30:00.000Z';
const REP = 'user-rep';
const MANAGER = 'user-manager';

const base = { taskId: TASK, at: AT, by: MANAGER };

const createCommand = (overrides: Partial<Omit<CreateTask, 'type'>> = {}): CreateTask => ({
  type: 'CreateTask',
  taskId: TASK,
  title: 'Call back about the renewal',
  assigneeId: REP,
  opportunityId: OPPORTUNITY,
  accountId: null,
  dueDate: '2026-03-05',
  priority: 'normal',
  origin: { kind: 'manual' },
  notes: null,
  at: CREATED_AT,
  by: MANAGER,
  ...overrides,
});

const created = (overrides: Partial<TaskCreated['data']> = {}): TaskCreated => ({
  type: 'TaskCreated',
  data: {
    taskId: TASK,
    title: 'Call back about the renewal',
    assigneeId: REP,
    opportunityId: OPPORTUNITY,
    accountId: null,
    dueDate: '2026-03-05',
    priority: 'normal',
    origin: { kind: 'manual' },
    notes: null,
    createdAt: CREATED_AT,
    createdBy: MANAGER,
    ...overrides,
  },
});

const reassigned = (previousAssigneeId: string, assigneeId: string): TaskReassigned => ({
  type: 'TaskReassigned',
  data: { taskId: TASK, previousAssigneeId, assigneeId, reason: null, reassignedAt: AT },
});

const rescheduled = (previousDueDate: string, dueDate: string): TaskRescheduled => ({
  type: 'TaskRescheduled',
  data: { taskId: TASK, previousDueDate, dueDate, reason: null, rescheduledAt: AT },
});

const completed: TaskCompleted = {
  type: 'TaskCompleted',
  data: { taskId: TASK, outcome: 'Renewal agreed', completedAt: AT, completedBy: REP },
};

const cancelled: TaskCancelled = {
  type: 'TaskCancelled',
  data: { taskId: TASK, reason: 'Customer churned', cancelledAt: AT, cancelledBy: MANAGER },
};

const stateAfter = (events: readonly TaskEvent[]) => fold(taskDecider, events);

/** One command of every kind but CreateTask, each of which would change an open task. */
const changes: TaskCommand[] = [
  { type: 'ReassignTask', ...base, assigneeId: 'user-other', reason: null },
  { type: 'RescheduleTask', ...base, dueDate: '2026-03-20', reason: null },
  { type: 'ChangeTaskPriority', ...base, priority: 'high' },
  { type: 'CompleteTask', ...base, outcome: null },
  { type: 'CancelTask', ...base, reason: 'No longer needed' },
];

describe('CreateTask', () => {
  it('creates a task with its title trimmed', () => {
    spec
      .given([])
      .when(createCommand({ title: '  Call back about the renewal ' }))
      .then([created()]);
  });

  it.each<[string, TaskOrigin]>([
    ['an assignment rule', { kind: 'assignment', opportunityId: OPPORTUNITY, rule: 'round-robin-emea' }],
    ['an activity', { kind: 'activity', activityId: 'act-9' }],
  ])('creates a task that comes from %s, keeping its origin', (_from, origin) => {
    spec
      .given([])
      .when(createCommand({ origin }))
      .then([created({ origin })]);
  });

  it('creates a task about an account only, with notes and a priority', () => {
    const facts = { opportunityId: null, accountId: ACCOUNT, priority: 'high', notes: 'Ask for the CFO' } as const;
    spec
      .given([])
      .when(createCommand(facts))
      .then([created(facts)]);
  });

  it('creates a task about both an opportunity and its account', () => {
    spec
      .given([])
      .when(createCommand({ accountId: ACCOUNT }))
      .then([created({ accountId: ACCOUNT })]);
  });

  it('creates a task that is already due (overdue work is still work)', () => {
    spec
      .given([])
      .when(createCommand({ dueDate: '2026-02-01' }))
      .then([created({ dueDate: '2026-02-01' })]);
  });

  it.each([
    ['open', [created()]],
    ['completed', [created(), completed]],
    ['cancelled', [created(), cancelled]],
  ])('refuses a task that already exists (%s)', (_status, given) => {
    spec.given(given).when(createCommand()).thenFails('task-already-exists');
  });

  it.each(['', '   '])('refuses the title %j', (title) => {
    spec.given([]).when(createCommand({ title })).thenFails('task-title-required');
  });

  it.each(['', ' '])('refuses the assignee %j', (assigneeId) => {
    spec.given([]).when(createCommand({ assigneeId })).thenFails('task-assignee-required');
  });

  it.each([
    [null, null],
    ['  ', null],
  ])('refuses a task about nothing (opportunity %j, account %j)', (opportunityId, accountId) => {
    spec.given([]).when(createCommand({ opportunityId, accountId })).thenFails('task-needs-subject');
  });

  it('refuses a due date before 1900 (0000-01-01 is a slip, not a plan)', () => {
    spec.given([]).when(createCommand({ dueDate: '0000-01-01' })).thenFails('invalid-due-date');
  });

  it.each(['2026-02-29', '2026-3-5', '2026-03-05T09:00:00Z'])('refuses the due date %j', (dueDate) => {
    spec.given([]).when(createCommand({ dueDate })).thenFails('invalid-due-date');
  });

  it.each(['urgent', 'HIGH'])('refuses the priority %j', (priority) => {
    spec
      .given([])
      .when(createCommand({ priority: priority as TaskPriority }))
      .thenFails('invalid-task-priority');
  });

  it('folds to an open task', () => {
    expect(stateAfter([created({ accountId: ACCOUNT, notes: 'Ask for the CFO' })])).toEqual({
      status: 'open',
      taskId: TASK,
      title: 'Call back about the renewal',
      assigneeId: REP,
      opportunityId: OPPORTUNITY,
      accountId: ACCOUNT,
      dueDate: '2026-03-05',
      priority: 'normal',
      origin: { kind: 'manual' },
      createdAt: CREATED_AT,
    });
  });
});

describe('any command but CreateTask on a task that does not exist', () => {
  it.each(changes.map((command) => [command.type, command] as const))('%s is refused', (_type, command) => {
    spec.given([]).when(command).thenFails('task-not-found');
  });
});

describe('any command but CreateTask on a closed task', () => {
  const cases = changes.flatMap((command) =>
    (
      [
        ['completed', completed],
        ['cancelled', cancelled],
      ] as const
    ).map(([status, closing]) => [command.type, status, command, closing] as const),
  );

  it.each(cases)('%s on a %s task is refused', (_type, _status, command, closing) => {
    spec.given([created(), closing]).when(command).thenFails('task-closed');
  });

  it.each([
    ['completed', completed],
    ['cancelled', cancelled],
  ] as const)('says the task is %s', (status, closing) => {
    const state = stateAfter([created(), closing]);
    let caught: unknown;
    try {
      taskDecider.decide({ type: 'ChangeTaskPriority', ...base, priority: 'high' }, state);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).kind).toBe('rule-violated');
    expect((caught as DomainError).message).toContain(status);
  });
});

describe('ReassignTask', () => {
  it('hands the task to another assignee, recording the previous one and the reason', () => {
    spec
      .given([created()])
      .when({ type: 'ReassignTask', ...base, assigneeId: 'user-other', reason: 'On leave' })
      .then([
        {
          type: 'TaskReassigned',
          data: {
            taskId: TASK,
            previousAssigneeId: REP,
            assigneeId: 'user-other',
            reason: 'On leave',
            reassignedAt: AT,
          },
        },
      ]);
  });

  it('changes nothing when the assignee is the same', () => {
    spec
      .given([created(), reassigned(REP, 'user-other')])
      .when({ type: 'ReassignTask', ...base, assigneeId: 'user-other', reason: null })
      .then([]);
  });

  it('refuses a blank assignee', () => {
    spec
      .given([created()])
      .when({ type: 'ReassignTask', ...base, assigneeId: '  ', reason: null })
      .thenFails('task-assignee-required');
  });

  it('folds to the new assignee', () => {
    const state = stateAfter([created(), reassigned(REP, 'user-other')]);
    expect(state.status === 'initial' ? null : state.assigneeId).toBe('user-other');
  });
});

describe('RescheduleTask', () => {
  it('moves the due date, recording the previous one and the reason', () => {
    spec
      .given([created()])
      .when({ type: 'RescheduleTask', ...base, dueDate: '2026-03-20', reason: 'Customer travelling' })
      .then([
        {
          type: 'TaskRescheduled',
          data: {
            taskId: TASK,
            previousDueDate: '2026-03-05',
            dueDate: '2026-03-20',
            reason: 'Customer travelling',
            rescheduledAt: AT,
          },
        },
      ]);
  });

  it('changes nothing when the date is the same', () => {
    spec
      .given([created(), rescheduled('2026-03-05', '2026-03-20')])
      .when({ type: 'RescheduleTask', ...base, dueDate: '2026-03-20', reason: null })
      .then([]);
  });

  it('refuses a due date that is not in the calendar', () => {
    spec
      .given([created()])
      .when({ type: 'RescheduleTask', ...base, dueDate: '2026-04-31', reason: null })
      .thenFails('invalid-due-date');
  });

  it('folds to the new due date', () => {
    const state = stateAfter([created(), rescheduled('2026-03-05', '2026-03-20')]);
    expect(state.status === 'initial' ? null : state.dueDate).toBe('2026-03-20');
  });
});

describe('ChangeTaskPriority', () => {
  it('changes the priority, recording the previous one', () => {
    spec
      .given([created()])
      .when({ type: 'ChangeTaskPriority', ...base, priority: 'low' })
      .then([{ type: 'TaskPriorityChanged', data: { taskId: TASK, previousPriority: 'normal', priority: 'low' } }]);
  });

  it('changes nothing when the priority is the same', () => {
    spec
      .given([created({ priority: 'high' })])
      .when({ type: 'ChangeTaskPriority', ...base, priority: 'high' })
      .then([]);
  });

  it('refuses an unknown priority', () => {
    spec
      .given([created()])
      .when({ type: 'ChangeTaskPriority', ...base, priority: 'critical' as TaskPriority })
      .thenFails('invalid-task-priority');
  });

  it('folds to the new priority', () => {
    const state = stateAfter([
      created(),
      { type: 'TaskPriorityChanged', data: { taskId: TASK, previousPriority: 'normal', priority: 'high' } },
    ]);
    expect(state.status === 'initial' ? null : state.priority).toBe('high');
  });
});

describe('CompleteTask', () => {
  it.each(['Renewal agreed', null])('completes an open task with the outcome %j', (outcome) => {
    spec
      .given([created()])
      .when({ type: 'CompleteTask', ...base, by: REP, outcome })
      .then([{ type: 'TaskCompleted', data: { taskId: TASK, outcome, completedAt: AT, completedBy: REP } }]);
  });

  it('folds to a completed task that keeps its facts', () => {
    expect(stateAfter([created(), completed])).toEqual({ ...stateAfter([created()]), status: 'completed' });
  });
});

describe('CancelTask', () => {
  it('cancels an open task with a reason', () => {
    spec
      .given([created()])
      .when({ type: 'CancelTask', ...base, reason: 'Customer churned' })
      .then([cancelled]);
  });

  it.each(['', '  '])('refuses the reason %j', (reason) => {
    spec
      .given([created()])
      .when({ type: 'CancelTask', ...base, reason })
      .thenFails('task-cancel-reason-required');
  });

  it('folds to a cancelled task that keeps its facts', () => {
    expect(stateAfter([created(), cancelled])).toEqual({ ...stateAfter([created()]), status: 'cancelled' });
  });
});

describe('evolve tolerates events that do not fit', () => {
  it('ignores changes to a task that does not exist', () => {
    expect(stateAfter([reassigned(REP, 'user-other'), completed])).toEqual({ status: 'initial' });
  });

  it('ignores a second creation', () => {
    expect(stateAfter([created(), created({ title: 'Another', assigneeId: 'user-other' })])).toEqual(
      stateAfter([created()]),
    );
  });

  it('ignores changes after the task was closed', () => {
    expect(
      stateAfter([
        created(),
        cancelled,
        reassigned(REP, 'user-other'),
        rescheduled('2026-03-05', '2026-04-01'),
        completed,
      ]),
    ).toEqual(stateAfter([created(), cancelled]));
  });
});
