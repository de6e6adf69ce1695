import { filter, map } from 'rxjs';
import type { ProcessManager } from '@ledger/read-store';
import type { AccountMerged } from '../account';
import type { OpportunityOpened } from '../opportunity';
import { FollowAccountMergeCommand } from './follow-account-merge/follow-account-merge.command';
import { KeepOnLiveAccountCommand } from './keep-on-live-account/keep-on-live-account.command';
import { contextFromEvent, type EventStream, ofEventType } from './process-context';

const NAME = 'account-merge-to-opportunities';

/**
 * Account merged → its opportunities move to the survivor, closed ones too (the history stays on
 * both: the opportunity records the move, the view remembers every account it belonged to).
 * An opportunity opened against an account in the same moment as its merge is caught on its own
 * `OpportunityOpened`: if its account turns out merged, it follows.
 */
export const accountMergeToOpportunities: ProcessManager = {
  name: NAME,
  handles: new Set(['AccountMerged', 'OpportunityOpened']),
  saga: (events$: EventStream) =>
    events$.pipe(
      ofEventType<AccountMerged | OpportunityOpened>('AccountMerged', 'OpportunityOpened'),
      map((event) => {
        const context = contextFromEvent(event, NAME);
        if (event.type === 'AccountMerged') {
          const d = event.data as AccountMerged['data'];
          return new FollowAccountMergeCommand(d.accountId, d.intoAccountId, event.position, context);
        }
        const d = event.data as OpportunityOpened['data'];
        return d.accountId === null ? null : new KeepOnLiveAccountCommand(d.opportunityId, d.accountId, context);
      }),
      filter((command) => command !== null),
    ),
};
