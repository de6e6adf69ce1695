/**
 * A place in `$all`. EventStoreDB's positions are (commit, prepare) pairs ordered by commit then
 * prepare (current servers give every event its own pair with both equal); the embedded store uses
 * one integer for both.
 */
export type Position = {
  readonly commit: bigint;
  readonly prepare: bigint;
};

export const positionOf = (sequence: number | bigint): Position => {
  const value = BigInt(sequence);
  return { commit: value, prepare: value };
};

export const comparePositions = (a: Position, b: Position): number =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;

/** Wire form: `"123"` when commit and prepare agree, `"123.120"` otherwise. Opaque to clients. */
export const formatPosition = (position: Position): string =>
  position.commit === position.prepare ? `${position.commit}` : `${position.commit}.${position.prepare}`;

const POSITION_PATTERN = /^(\d{1,20})(?:\.(\d{1,20}))?$/;

export const parsePosition = (text: string): Position | null => {
  const match = POSITION_PATTERN.exec(text);
  if (!match) return null;
  const commit = BigInt(match[1]);
  return { commit, prepare: match[2] === undefined ? commit : BigInt(match[2]) };
};
