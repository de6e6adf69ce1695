import { filter, map } from 'rxjs';
import { derivedCommandId } from '@ledger/event-sourcing';
import type { ProcessManager } from '@ledger/read-store';
import type { ActivityLogged } from '../activity';
import { CreateTaskCommand } from '../task';
import { contextFromEvent, type EventStream, ofEventType } from './process-context';

const NAME = 'activity-next-step-to-task';

/** An activity has at most one next step, so the task's id follows from the activity's. */
export const nextStepTaskIdFor = (activityId: string): string => derivedCommandId(activityId, 'next-step');

/** Activity logged with a next step → a task about the same opportunity and account. */
export const activityNextStepToTask: ProcessManager = {
  name: NAME,
  handles: new Set(['ActivityLogged']),
  saga: (events$: EventStream) =>
    events$.pipe(
      ofEventType<ActivityLogged>('ActivityLogged'),
      filter((event) => event.data.nextStep !== null),
      map((event) => {
        const d = event.data;
        const step = d.nextStep!;
        return new CreateTaskCommand(
          nextStepTaskIdFor(d.activityId),
          {
            title: step.title,
            assigneeId: step.assigneeId,
            opportunityId: d.opportunityId,
            accountId: d.accountId,
            dueDate: step.dueDate,
            priority: step.priority,
            origin: { kind: 'activity', activityId: d.activityId },
            notes: null,
          },
          contextFromEvent(event, NAME),
        );
      }),
    ),
};
