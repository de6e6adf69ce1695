/**
 * The rotor of one pool (stream `assignment-rotor-<poolKey>`) hands opportunities to its candidates in
 * turn. Appending the pick with the revision the rotor was read at makes two concurrent picks in one
 * pool conflict instead of both choosing the same owner. `at` is an ISO-8601 instant, `by` a user id.
 */
export type PickNextOwner = {
  readonly type: 'PickNextOwner';
  readonly poolKey: string;
  readonly opportunityId: string;
  /** The user ids who may own the opportunity now, in any order, repeats allowed; at least one. */
  readonly candidates: readonly string[];
  readonly at: string;
  readonly by: string;
};

/**
 * Several picks in one decision, in the order given, each after the one before: the turns that
 * waited together are handed out with one append.
 */
export type PickNextOwners = {
  readonly type: 'PickNextOwners';
  readonly poolKey: string;
  readonly picks: readonly { readonly opportunityId: string; readonly candidates: readonly string[] }[];
  readonly at: string;
  readonly by: string;
};

export type AssignmentRotorCommand = PickNextOwner | PickNextOwners;
