import type { Event } from './event';

/**
 * A pure decision model: `decide` answers a command with the events it causes (or throws a
 * DomainError), `evolve` folds one event into the state. No I/O, no clock, no random ids.
 */
export type Decider<Command, State, E extends Event> = {
  readonly initialState: () => State;
  readonly decide: (command: Command, state: State) => readonly E[];
  readonly evolve: (state: State, event: E) => State;
  /**
   * The version of `evolve` and of the state's shape. Snapshots (snapshots.ts) are kept under it:
   * raise it with every change to `evolve` or `State`, and snapshots of the earlier version are
   * ignored and replaced.
   */
  readonly version: number;
};

export const fold = <State, E extends Event>(
  decider: Pick<Decider<unknown, State, E>, 'initialState' | 'evolve'>,
  events: readonly E[],
): State => events.reduce(decider.evolve, decider.initialState());
