import { type Decider, isLedgerAmount, type Money, sameMoney } from '@ledger/event-sourcing/kernel';
import type { TargetCommand } from './target.commands';
import { InvalidTargetAmountError, InvalidTargetPeriodError, TargetSubjectChangedError } from './target.errors';
import type { TargetEvent } from './target.events';
import { evolve, initialState, type TargetState } from './target.state';

const PERIOD = /^\d{4}-(?:Q[1-4]|0[1-9]|1[0-2])$/;

/** A month or a quarter: what targets, and attainment, are counted in. */
export const isTargetPeriod = (period: string): boolean => PERIOD.test(period);

const isAmount = (amount: Money): boolean => isLedgerAmount(amount) && amount.amountMinor > 0;

export const decide = (command: TargetCommand, state: TargetState): TargetEvent[] => {
  if (!isTargetPeriod(command.period)) throw new InvalidTargetPeriodError(command.period);
  if (!isAmount(command.amount)) throw new InvalidTargetAmountError();
  if (state.status === 'set' && (state.scope !== command.scope || state.subjectId !== command.subjectId || state.period !== command.period)) {
    throw new TargetSubjectChangedError();
  }
  const previous = state.status === 'set' ? state.amount : null;
  if (sameMoney(previous, command.amount)) return [];
  const { targetId, scope, subjectId, period, amount } = command;
  return [{ type: 'TargetSet', data: { targetId, scope, subjectId, period, amount, previous, setAt: command.at, setBy: command.by } }];
};

export const targetDecider: Decider<TargetCommand, TargetState, TargetEvent> = { initialState, decide, evolve, version: 1 };
