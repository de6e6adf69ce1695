/** One owner is an equality (which mingo and MongoDB match fastest); a team is `$in`. */
export const ownerFilter = (ownerIds: readonly string[]): Record<string, unknown> =>
  ownerIds.length === 1 ? { ownerId: ownerIds[0] } : { ownerId: { $in: ownerIds } };
