import type { ICommand } from '@nestjs/cqrs';
import { type AllEvent, type CommandContext, derivedCommandId } from '@ledger/event-sourcing';
import type { ProcessManager } from '@ledger/read-store';
import type { AccountMerged } from '../account';
import type { ActivityLogged } from '../activity';
import type { OpportunityOpened } from '../opportunity';
import { OpportunityCommandMessage } from '../opportunity';
import type { OrderApproved } from '../order';
import type { QuoteMarkedPrimary, QuoteTaxSet } from '../quote';
import { TaskCommandMessage } from '../task';
import { accountMergeToOpportunities } from './account-merge-to-opportunities.process';
import { activityNextStepToTask, nextStepTaskIdFor } from './activity-next-step-to-task.process';
import { FollowAccountMergeCommand } from './follow-account-merge/follow-account-merge.handler';
import { FollowQuoteTotalCommand } from './follow-quote-total/follow-quote-total.handler';
import { KeepOnLiveAccountCommand } from './keep-on-live-account/keep-on-live-account.handler';
import { assignedOpportunityToFollowUp, followUpTaskIdFor } from './opportunity-assigned-to-follow-up.process';
import { orderApprovedToWon } from './order-approved-to-won.process';
import { quoteTotalToOpportunity } from './quote-total-to-opportunity.process';

/** The data as recorded before a field existed. */
const without = <T extends object, K extends keyof T>(data: T, key: K): Omit<T, K> =>
  Object.fromEntries(Object.entries(data).filter(([name]) => name !== key)) as Omit<T, K>;


const OPPORTUNITY_ID = '3b9f1c1e-0000-4000-8000-00000000000a';
const ACCOUNT_ID = '9c1d2e3f-0000-4000-8000-00000000000a';
const SURVIVOR_ID = '9c1d2e3f-0000-4000-8000-00000000000b';
const ACTIVITY_ID = '6e7f8a9b-0000-4000-8000-00000000000a';
const OWNER = 'ana';
const MANAGER = 'max';
const FLOW = 'flow-1';
/** Late in the day in UTC: the due date counts from this calendar date. */
const OPENED_AT = '2027-03-30T22:45:00.000Z';
const POSITION = { commit: 5n, prepare: 5n };

let sequence = 0;
const recorded = (streamName: string, type: string, data: object): AllEvent => {
  sequence += 1;
  return {
    id: `7f000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    streamName,
    revision: 0,
    type,
    data,
    metadata: {
      commandId: `cmd-${sequence}`,
      correlationId: FLOW,
      causationId: `cmd-${sequence}`,
      actor: { userId: MANAGER, role: 'manager' },
      occurredAt: OPENED_AT,
      schemaVersion: 1,
    },
    recordedAt: OPENED_AT,
    position: POSITION,
  };
};

const opportunityOpened = (overrides: Partial<OpportunityOpened['data']> = {}): AllEvent =>
  recorded(`opportunity-${OPPORTUNITY_ID}`, 'OpportunityOpened', {
    opportunityId: OPPORTUNITY_ID,
    title: 'Fleet renewal',
    accountId: ACCOUNT_ID,
    accountName: 'Acme',
    ownerId: OWNER,
    amount: { amountMinor: 5_000_000, currency: 'EUR' },
    expectedCloseDate: '2027-06-30',
    source: 'referral',
    productInterest: null,
    stage: 'prospecting',
    probability: 10,
    forecastCategory: 'pipeline',
    openedAt: OPENED_AT,
    openedBy: MANAGER,
    assignment: { rule: 'round-robin', pool: `team:${MANAGER}`, candidates: 3 },
    openedOn: '2027-03-30',
    ...overrides,
  } satisfies OpportunityOpened['data']);

const NEXT_STEP = { title: 'Send the proposal', dueDate: '2027-04-02', assigneeId: OWNER, priority: 'normal' } as const;
const activityLogged = (overrides: Partial<ActivityLogged['data']> = {}): AllEvent =>
  recorded(`activity-${ACTIVITY_ID}`, 'ActivityLogged', {
    activityId: ACTIVITY_ID,
    kind: 'meeting',
    direction: null,
    occurredAt: OPENED_AT,
    durationMinutes: 60,
    subject: 'Kick-off',
    outcome: null,
    body: null,
    accountId: ACCOUNT_ID,
    contactId: null,
    opportunityId: OPPORTUNITY_ID,
    nextStep: NEXT_STEP,
    loggedAt: OPENED_AT,
    loggedBy: OWNER,
    ...overrides,
  } satisfies ActivityLogged['data']);

const accountMerged = (): AllEvent =>
  recorded(`account-${ACCOUNT_ID}`, 'AccountMerged', {
    accountId: ACCOUNT_ID,
    intoAccountId: SURVIVOR_ID,
    mergedAt: OPENED_AT,
    mergedBy: MANAGER,
  } satisfies AccountMerged['data']);

/** Hands the events to the process manager, one by one, and answers every command it issued. */
const commandsOf = (process: ProcessManager, ...events: AllEvent[]): ICommand[] => events.flatMap((event) => process.react(event));

/** What every command a process issues for an event carries: the event as its cause, the flow's correlation. */
const contextFor = (event: AllEvent, processName: string): CommandContext => ({
  commandId: derivedCommandId(event.id, processName),
  correlationId: FLOW,
  causationId: event.id,
  actor: { userId: `process:${processName}`, role: 'system' },
  occurredAt: expect.any(String),
});

describe('sales processes', () => {
  describe('assigned opportunity → first follow-up', () => {
    const process = assignedOpportunityToFollowUp(2);

    it('gives the assigned owner a high-priority follow-up, due two calendar days after the day it was opened', () => {
      const event = opportunityOpened();
      const commands = commandsOf(process, event);
      expect(commands).toHaveLength(1);
      const [command] = commands;
      expect(command).toBeInstanceOf(TaskCommandMessage);
      expect(command).toEqual(
        new TaskCommandMessage(
          {
            type: 'CreateTask',
            taskId: followUpTaskIdFor(OPPORTUNITY_ID),
            title: 'First follow-up: Fleet renewal',
            assigneeId: OWNER,
            opportunityId: OPPORTUNITY_ID,
            accountId: ACCOUNT_ID,
            dueDate: '2027-04-01',
            priority: 'high',
            origin: { kind: 'assignment', opportunityId: OPPORTUNITY_ID, rule: 'round-robin' },
            notes: `Assigned by round-robin in pool team:${MANAGER}`,
          },
          contextFor(event, process.name),
        ),
      );
      expect((command as TaskCommandMessage).context.causationId).toBe(event.id);
    });

    it('gives an owner the opener chose no task, nor one opened before assignment rules existed', () => {
      expect(
        commandsOf(process, opportunityOpened({ assignment: null }), opportunityOpened({ assignment: undefined })),
      ).toEqual([]);
    });

    it('ignores the events it does not handle', () => {
      expect(commandsOf(process, activityLogged(), accountMerged())).toEqual([]);
    });
  });

  describe('activity next step → task', () => {
    it('turns the next step into a task about the same opportunity and account, from the activity', () => {
      const event = activityLogged();
      const [command, ...rest] = commandsOf(activityNextStepToTask, event);
      expect(rest).toEqual([]);
      expect(command).toBeInstanceOf(TaskCommandMessage);
      expect(command).toEqual(
        new TaskCommandMessage(
          {
            type: 'CreateTask',
            taskId: nextStepTaskIdFor(ACTIVITY_ID),
            title: NEXT_STEP.title,
            assigneeId: NEXT_STEP.assigneeId,
            opportunityId: OPPORTUNITY_ID,
            accountId: ACCOUNT_ID,
            dueDate: NEXT_STEP.dueDate,
            priority: NEXT_STEP.priority,
            origin: { kind: 'activity', activityId: ACTIVITY_ID },
            notes: null,
          },
          contextFor(event, activityNextStepToTask.name),
        ),
      );
    });

    it('issues nothing for an activity without a next step', () => {
      expect(commandsOf(activityNextStepToTask, activityLogged({ nextStep: null }))).toEqual([]);
    });
  });

  describe('account merge → opportunities', () => {
    it('follows a merge with the merged account, the survivor and the position of the merge', () => {
      const event = accountMerged();
      const commands = commandsOf(accountMergeToOpportunities, event);
      expect(commands).toEqual([
        new FollowAccountMergeCommand(
          ACCOUNT_ID,
          SURVIVOR_ID,
          POSITION,
          contextFor(event, accountMergeToOpportunities.name),
        ),
      ]);
      expect(commands[0]).toBeInstanceOf(FollowAccountMergeCommand);
    });

    it('checks that an opportunity opened on an account stays on a live one', () => {
      const event = opportunityOpened();
      const commands = commandsOf(accountMergeToOpportunities, event);
      expect(commands).toEqual([
        new KeepOnLiveAccountCommand(OPPORTUNITY_ID, ACCOUNT_ID, contextFor(event, accountMergeToOpportunities.name)),
      ]);
      expect(commands[0]).toBeInstanceOf(KeepOnLiveAccountCommand);
    });

    it('checks the account after a correction, never after its own merge moves', () => {
      const moved = (reason: 'merge' | 'correction') =>
        recorded(`opportunity-${OPPORTUNITY_ID}`, 'OpportunityAccountChanged', {
          opportunityId: OPPORTUNITY_ID,
          previousAccountId: SURVIVOR_ID,
          accountId: ACCOUNT_ID,
          accountName: 'Acme',
          reason,
          changedAt: OPENED_AT,
        });
      const corrected = moved('correction');
      expect(commandsOf(accountMergeToOpportunities, corrected)).toEqual([
        new KeepOnLiveAccountCommand(
          OPPORTUNITY_ID,
          ACCOUNT_ID,
          contextFor(corrected, accountMergeToOpportunities.name),
        ),
      ]);
      expect(commandsOf(accountMergeToOpportunities, moved('merge'))).toEqual([]);
    });

    it('issues nothing for an opportunity opened without an account', () => {
      expect(
        commandsOf(accountMergeToOpportunities, opportunityOpened({ accountId: null, accountName: null })),
      ).toEqual([]);
    });
  });

  describe('revenue is net of tax: a deal is won for, and follows, the total before tax', () => {
    const QUOTE_ID = '5a6b7c8d-0000-4000-8000-00000000000a';
    const orderApproved = (data: Partial<OrderApproved['data']>): AllEvent =>
      recorded('order-1', 'OrderApproved', {
        orderId: 'order-1',
        opportunityId: OPPORTUNITY_ID,
        currency: 'USD',
        totalMinor: 120_000,
        netMinor: 100_000,
        approvedBy: 'policy',
        automatic: true,
        policyVersion: 'v1',
        approvedAt: OPENED_AT,
        ...data,
      } satisfies OrderApproved['data']);

    it('marks the opportunity won for the order total before tax', () => {
      const approved = orderApproved({});
      expect(commandsOf(orderApprovedToWon, approved)).toEqual([
        new OpportunityCommandMessage(
          { type: 'MarkWon', opportunityId: OPPORTUNITY_ID, amount: { amountMinor: 100_000, currency: 'USD' } },
          contextFor(approved, orderApprovedToWon.name),
        ),
      ]);
    });

    it('takes the recorded total for an approval recorded before the net total was', () => {
      const approved = recorded('order-1', 'OrderApproved', without(orderApproved({}).data as OrderApproved['data'], 'netMinor'));
      expect((commandsOf(orderApprovedToWon, approved)[0] as OpportunityCommandMessage).command).toHaveProperty('amount', {
        amountMinor: 120_000,
        currency: 'USD',
      });
    });

    it('makes the amount of the opportunity follow the primary quote before tax', () => {
      const marked = recorded(`quote-${QUOTE_ID}`, 'QuoteMarkedPrimary', {
        quoteId: QUOTE_ID,
        opportunityId: OPPORTUNITY_ID,
        currency: 'USD',
        totalMinor: 60_000,
        netMinor: 50_000,
        markedAt: OPENED_AT,
        markedBy: OWNER,
      } satisfies QuoteMarkedPrimary['data']);
      const taxSet = recorded(`quote-${QUOTE_ID}`, 'QuoteTaxSet', {
        quoteId: QUOTE_ID,
        taxBp: 2000,
        totals: {
          grossMinor: 50_000,
          lineDiscountMinor: 0,
          subtotalMinor: 50_000,
          quoteDiscountMinor: 0,
          taxMinor: 10_000,
          totalMinor: 60_000,
          effectiveDiscountBp: 0,
        },
      } satisfies QuoteTaxSet['data']);
      expect(commandsOf(quoteTotalToOpportunity, marked, taxSet)).toEqual([
        new OpportunityCommandMessage(
          { type: 'SetPrimaryQuote', opportunityId: OPPORTUNITY_ID, quoteId: QUOTE_ID, amount: { amountMinor: 50_000, currency: 'USD' } },
          contextFor(marked, quoteTotalToOpportunity.name),
        ),
        new FollowQuoteTotalCommand(QUOTE_ID, 50_000, contextFor(taxSet, quoteTotalToOpportunity.name)),
      ]);
    });
  });
});
