import { type Decider, DomainError, type Event, fold } from '../kernel';

/**
 * given(past events).when(command).then(expected events) — or .thenFails(error code).
 * Also checks that the new events fold without throwing, so `evolve` is exercised too.
 */
export const deciderSpec = <Command, State, E extends Event>(decider: Decider<Command, State, E>) => ({
  given: (events: readonly E[]) => ({
    when: (command: Command) => {
      const run = (): readonly E[] => {
        const state = fold(decider, events);
        const produced = decider.decide(command, state);
        fold(decider, [...events, ...produced]);
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
