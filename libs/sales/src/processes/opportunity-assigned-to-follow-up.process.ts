import { addDays, calendarDate, derivedCommandId } from '@ledger/event-sourcing';
import { type ProcessManager, processManagerOf } from '@ledger/read-store';
import { opportunityEvents } from '../opportunity';
import { TaskCommandMessage } from '../task';
import { contextFromEvent } from './process-context';

const NAME = 'assigned-opportunity-to-follow-up';

/** One first follow-up per assigned opportunity, so its id follows from the opportunity's. */
export const followUpTaskIdFor = (opportunityId: string): string => derivedCommandId(opportunityId, 'first-follow-up');


/**
 * Opportunity assigned by a rule → a first follow-up task for the new owner, due `dueInDays`
 * calendar days after it was opened. An owner chosen by the opener gets no task: they already know.
 */
export const assignedOpportunityToFollowUp = (dueInDays: number): ProcessManager =>
  processManagerOf({
    name: NAME,
    events: opportunityEvents,
    on: ['OpportunityOpened'],
    react: ({ data: d }, recorded) => {
      if (d.assignment === null) return [];
      return [
        new TaskCommandMessage(
          {
            type: 'CreateTask',
            taskId: followUpTaskIdFor(d.opportunityId),
            title: `First follow-up: ${d.title}`,
            assigneeId: d.ownerId,
            opportunityId: d.opportunityId,
            accountId: d.accountId,
            dueDate: addDays(calendarDate(d.openedAt), dueInDays),
            priority: 'high',
            origin: { kind: 'assignment', opportunityId: d.opportunityId, rule: d.assignment.rule },
            notes: `Assigned by ${d.assignment.rule} in pool ${d.assignment.pool}`,
          },
          contextFromEvent(recorded, NAME),
        ),
      ];
    },
  });
