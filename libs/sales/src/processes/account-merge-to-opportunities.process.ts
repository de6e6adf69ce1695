import { combinedCodec } from '@ledger/event-sourcing';
import { processManagerOf } from '@ledger/read-store';
import { type AccountEvent, accountEvents } from '../account';
import { type OpportunityEvent, opportunityEvents } from '../opportunity';
import { FollowAccountMergeCommand } from './follow-account-merge/follow-account-merge.handler';
import { KeepOnLiveAccountCommand } from './keep-on-live-account/keep-on-live-account.handler';
import { contextFromEvent } from './process-context';

const NAME = 'account-merge-to-opportunities';

/**
 * Account merged → its opportunities move to the survivor, closed ones too (the history stays on
 * both: the opportunity records the move, the view remembers every account it belonged to).
 * An opportunity opened (or moved by a correction) onto an account in the same moment as its
 * merge is caught on its own event: if its account turns out merged, it follows.
 */
export const accountMergeToOpportunities = processManagerOf({
  name: NAME,
  events: combinedCodec<AccountEvent | OpportunityEvent>(accountEvents, opportunityEvents),
  on: ['AccountMerged', 'OpportunityOpened', 'OpportunityAccountChanged'],
  react: (event, recorded) => {
    const context = contextFromEvent(recorded, NAME);
    switch (event.type) {
      case 'AccountMerged':
        return [new FollowAccountMergeCommand(event.data.accountId, event.data.intoAccountId, recorded.position, context)];
      case 'OpportunityAccountChanged':
        return event.data.reason === 'correction' ? [new KeepOnLiveAccountCommand(event.data.opportunityId, event.data.accountId, context)] : [];
      case 'OpportunityOpened':
        return event.data.accountId === null ? [] : [new KeepOnLiveAccountCommand(event.data.opportunityId, event.data.accountId, context)];
    }
  },
});
