import { derivedCommandId } from '@ledger/event-sourcing';
import { processManagerOf } from '@ledger/read-store';
import { activityEvents } from '../activity';
import { TaskCommandMessage } from '../task';
import { contextFromEvent } from './process-context';

const NAME = 'activity-next-step-to-task';

/** An activity has at most one next step, so the task's id follows from the activity's. */
export const nextStepTaskIdFor = (activityId: string): string => derivedCommandId(activityId, 'next-step');

/** Activity logged with a next step → a task about the same opportunity and account. */
export const activityNextStepToTask = processManagerOf({
  name: NAME,
  events: activityEvents,
  on: ['ActivityLogged'],
  react: ({ data: d }, recorded) => {
    const step = d.nextStep;
    if (step === null) return [];
    return [
      new TaskCommandMessage(
        {
          type: 'CreateTask',
          taskId: nextStepTaskIdFor(d.activityId),
          title: step.title,
          assigneeId: step.assigneeId,
          opportunityId: d.opportunityId,
          accountId: d.accountId,
          dueDate: step.dueDate,
          priority: step.priority,
          origin: { kind: 'activity', activityId: d.activityId },
          notes: null,
        },
        contextFromEvent(recorded, NAME),
      ),
    ];
  },
});
