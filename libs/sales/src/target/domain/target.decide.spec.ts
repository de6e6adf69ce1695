import { deciderSpec } from '@ledger/event-sourcing/testing';
import type { SetTarget } from './target.commands';
import { targetDecider } from './target.decide';
import type { TargetSet } from './target.events';

const spec = deciderSpec(targetDecider);
const AT = '2017-07-01T09:00:00.000Z';
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

const setTarget = (overrides: Partial<SetTarget> = {}): SetTarget => ({
  type: 'SetTarget',
  targetId: 't-1',
  scope: 'agent',
  subjectId: 'darcel-schlecht',
  period: '2017-Q3',
  amount: usd(50_000_000),
  at: AT,
  by: 'summer-sewald',
  ...overrides,
});

const targetSet = (amount = usd(50_000_000), previous: TargetSet['data']['previous'] = null): TargetSet => ({
  type: 'TargetSet',
  data: { targetId: 't-1', scope: 'agent', subjectId: 'darcel-schlecht', period: '2017-Q3', amount, previous, setAt: AT, setBy: 'summer-sewald' },
});

describe('SetTarget', () => {
  it('sets a first target for a quarter', () => {
    spec.given([]).when(setTarget()).then([targetSet()]);
  });

  it('sets a target for a month', () => {
    spec
      .given([])
      .when(setTarget({ period: '2017-08' }))
      .then([{ type: 'TargetSet', data: { ...targetSet().data, period: '2017-08' } }]);
  });

  it('changes a target, recording the amount it replaces', () => {
    spec.given([targetSet()]).when(setTarget({ amount: usd(60_000_000) })).then([targetSet(usd(60_000_000), usd(50_000_000))]);
  });

  it('records nothing when the amount is the same', () => {
    spec.given([targetSet()]).when(setTarget()).then([]);
  });

  it.each(['2017-Q5', '2017-13', '2017-7', 'Q3-2017', '2017'])('refuses the period %s', (period) => {
    spec.given([]).when(setTarget({ period })).thenFails('invalid-target-period');
  });

  it.each([
    ['zero', usd(0)],
    ['negative', usd(-5)],
    ['fractional', usd(10.5)],
    ['a lower-case currency', { amountMinor: 100, currency: 'usd' }],
    ['an array', [usd(100)] as unknown as ReturnType<typeof usd>],
  ])('refuses an amount that is %s', (_what, amount) => {
    spec.given([]).when(setTarget({ amount })).thenFails('invalid-target-amount');
  });

  it('refuses to move a target to another subject or period', () => {
    spec.given([targetSet()]).when(setTarget({ subjectId: 'someone-else' })).thenFails('target-subject-changed');
    spec.given([targetSet()]).when(setTarget({ period: '2017-Q4' })).thenFails('target-subject-changed');
  });
});
