import { type Decider, DomainError, type Event, fold } from '../kernel';

/** As JSON carries it: what the log gives back of an event, and what a snapshot gives back of a state. */
const throughJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * The history, as the log gives it back, folds to the same state from a snapshot taken after any of
 * its events (a JSON copy of the fold so far) as from the start: what snapshots.ts relies on.
 */
function expectSameFoldFromEverySnapshot<State, E extends Event>(decider: Pick<Decider<unknown, State, E>, 'initialState' | 'evolve'>, events: readonly E[]): void {
  const stored = throughJson(events);
  const whole = fold(decider, stored);
  const takenAfter = Array.from({ length: stored.length + 1 }, (_, count) => count);
  const resumed = takenAfter.map((count) => stored.slice(count).reduce(decider.evolve, throughJson(fold(decider, stored.slice(0, count)))));
  expect(resumed).toStrictEqual(takenAfter.map(() => whole));
}

/**
 * given(past events).when(command).then(expected events) — or .thenFails(error code).
 * Also checks that the new events fold without throwing, so `evolve` is exercised too, and that
 * every history folds alike from any snapshot of it.
 */
export const deciderSpec = <Command, State, E extends Event>(decider: Decider<Command, State, E>) => ({
  given: (events: readonly E[]) => ({
    when: (command: Command) => {
      const run = (): readonly E[] => {
        expectSameFoldFromEverySnapshot(decider, events);
        const state = fold(decider, events);
        const produced = decider.decide(command, state);
        expectSameFoldFromEverySnapshot(decider, [...events, ...produced]);
        return produced;
      };
      return {
        then: (expected: readonly E[]): void => {
          expect(run()).toEqual(expected);
        },
        thenFails: (code: string): void => {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(DomainError);
          expect((caught as DomainError).code).toBe(code);
        },
      };
    },
  }),
});
