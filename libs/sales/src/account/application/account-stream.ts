import { aggregateStreams } from '@ledger/event-sourcing';
import { accountDecider, accountEvents } from '../domain';

const accounts = aggregateStreams('account', accountDecider, accountEvents);

export const ACCOUNT_CATEGORY = accounts.category;
export const accountStream = accounts.stream;
export const loadAccount = accounts.load;
export const decideAccount = accounts.handle;
