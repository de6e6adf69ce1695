import { fold } from '@ledger/event-sourcing/kernel';
import { deciderSpec } from '@ledger/event-sourcing/testing';
import type { PickNextOwner } from './assignment-rotor.commands';
import { assignmentRotorDecider } from './assignment-rotor.decide';
import { type AssignmentRotorEvent, assignmentRotorEvents, type OwnerPicked } from './assignment-rotor.events';

const spec = deciderSpec(assignmentRotorDecider);

const POOL = 'central';
const AT = '2026-03-12T14:30:00.000Z';
const BY = 'system';

const pick = (candidates: readonly string[], opportunityId = 'opp-1'): PickNextOwner => ({
  type: 'PickNextOwner',
  poolKey: POOL,
  opportunityId,
  candidates,
  at: AT,
  by: BY,
});

const picked = (
  ownerId: string,
  previousOwnerId: string | null,
  candidates: readonly string[],
  opportunityId = 'opp-1',
): OwnerPicked => ({
  type: 'OwnerPicked',
  data: { poolKey: POOL, opportunityId, ownerId, candidates, previousOwnerId, pickedAt: AT },
});

/** Runs picks one after another, each on the state the previous ones left; returns the owners. */
const ownersOf = (candidateLists: readonly (readonly string[])[]): string[] => {
  const events: AssignmentRotorEvent[] = [];
  candidateLists.forEach((candidates, i) => {
    const state = fold(assignmentRotorDecider, events);
    events.push(...assignmentRotorDecider.decide(pick(candidates, `opp-${i + 1}`), state));
  });
  return events.map((event) => event.data.ownerId);
};

const TEAM = ['carol', 'anna', 'boris'];

describe('assignmentRotorEvents', () => {
  it('is OwnerPicked', () => {
    expect(assignmentRotorEvents.types).toEqual(['OwnerPicked']);
  });
});

describe('PickNextOwner', () => {
  it('picks the first candidate in id order on the first pick, with the candidates sorted', () => {
    spec
      .given([])
      .when(pick(TEAM))
      .then([picked('anna', null, ['anna', 'boris', 'carol'])]);
  });

  it('picks the candidate after the last owner', () => {
    spec
      .given([picked('anna', null, ['anna', 'boris', 'carol'])])
      .when(pick(TEAM, 'opp-2'))
      .then([picked('boris', 'anna', ['anna', 'boris', 'carol'], 'opp-2')]);
  });

  it('wraps around to the first candidate after the last one', () => {
    spec
      .given([picked('carol', 'boris', ['anna', 'boris', 'carol'])])
      .when(pick(TEAM, 'opp-4'))
      .then([picked('anna', 'carol', ['anna', 'boris', 'carol'], 'opp-4')]);
  });

  it('drops repeated candidates', () => {
    spec
      .given([])
      .when(pick(['boris', 'anna', 'boris', 'anna']))
      .then([picked('anna', null, ['anna', 'boris'])]);
  });

  it('picks the only candidate every time', () => {
    spec
      .given([picked('anna', null, ['anna'])])
      .when(pick(['anna'], 'opp-2'))
      .then([picked('anna', 'anna', ['anna'], 'opp-2')]);
  });

  it('refuses an empty candidate list', () => {
    spec.given([]).when(pick([])).thenFails('assignment-no-candidates');
  });

  it('refuses an empty candidate list after earlier picks too', () => {
    spec
      .given([picked('anna', null, ['anna'])])
      .when(pick([], 'opp-2'))
      .thenFails('assignment-no-candidates');
  });

  it('goes round the candidates in id order, over and over', () => {
    expect(ownersOf(Array.from({ length: 7 }, () => TEAM))).toEqual([
      'anna',
      'boris',
      'carol',
      'anna',
      'boris',
      'carol',
      'anna',
    ]);
  });

  it('follows a candidate list that changes between picks, skipping nobody', () => {
    expect(
      ownersOf([
        ['anna', 'boris', 'carol'], // anna
        ['anna', 'carol'], // boris left: carol, not anna again
        ['anna', 'bea', 'carol', 'dave'], // bea and dave joined: dave comes after carol
        ['anna', 'bea', 'carol', 'dave'], // wraps to anna
        ['bea', 'carol'], // anna left: bea
        ['carol'], // carol
        ['anna', 'bea', 'carol', 'dave'], // dave
      ]),
    ).toEqual(['anna', 'carol', 'dave', 'anna', 'bea', 'carol', 'dave']);
  });

  it('continues after the last owner even when that owner has left the pool', () => {
    spec
      .given([picked('boris', 'anna', ['anna', 'boris', 'carol'])])
      .when(pick(['anna', 'carol', 'dave'], 'opp-3'))
      .then([picked('carol', 'boris', ['anna', 'carol', 'dave'], 'opp-3')]);
  });

  it('compares ids by code unit, not by locale', () => {
    expect(ownersOf([['b', 'a', 'B', 'A']].concat(Array.from({ length: 4 }, () => ['b', 'a', 'B', 'A'])))).toEqual([
      'A',
      'B',
      'a',
      'b',
      'A',
    ]);
  });

  it('folds the last owner and counts the picks', () => {
    const state = fold(assignmentRotorDecider, [
      picked('anna', null, TEAM),
      picked('boris', 'anna', TEAM, 'opp-2'),
      picked('carol', 'boris', TEAM, 'opp-3'),
    ]);
    expect(state).toEqual({ lastOwnerId: 'carol', picks: 3 });
  });

  it('starts with no last owner and no picks', () => {
    expect(assignmentRotorDecider.initialState()).toEqual({ lastOwnerId: null, picks: 0 });
  });
});

describe('PickNextOwners', () => {
  const picks = (...opportunityIds: string[]) => ({
    type: 'PickNextOwners' as const,
    poolKey: POOL,
    picks: opportunityIds.map((opportunityId) => ({ opportunityId, candidates: ['cy', 'ana', 'bo'] })),
    at: AT,
    by: BY,
  });

  it('hands out the turns in the order given, each after the one before, as one pick each would', () => {
    spec
      .given([picked('bo', 'ana', ['ana', 'bo', 'cy'], 'opp-0')])
      .when(picks('opp-1', 'opp-2', 'opp-3'))
      .then([
        picked('cy', 'bo', ['ana', 'bo', 'cy'], 'opp-1'),
        picked('ana', 'cy', ['ana', 'bo', 'cy'], 'opp-2'),
        picked('bo', 'ana', ['ana', 'bo', 'cy'], 'opp-3'),
      ]);
  });

  it('refuses the whole batch when one pick has no candidates', () => {
    spec
      .given([])
      .when({ ...picks('opp-1'), picks: [{ opportunityId: 'opp-1', candidates: ['ana'] }, { opportunityId: 'opp-2', candidates: [] }] })
      .thenFails('assignment-no-candidates');
  });
});
