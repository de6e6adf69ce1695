import { updated } from './document-update';

const original = () => ({
  _id: 'd1',
  title: 'Deal',
  stageHistory: [{ stage: 'prospecting', enteredAt: '2027-01-01' }],
  accountIds: ['a1'],
  totals: { won: { count: 1 }, open: 2 },
});

/** Versions share what an update does not change, so an update must never reach into the version it started from. */
describe('An update leaves the version it started from as it was', () => {
  it.each([
    ['$set of a top-level field', { $set: { title: 'Renamed' } }],
    ['$push onto an array', { $push: { stageHistory: { stage: 'proposal', enteredAt: '2027-02-01' } } }],
    ['$addToSet onto an array', { $addToSet: { accountIds: 'a2' } }],
    ['$set of a nested path', { $set: { 'totals.won.count': 5 } }],
    ['$inc of a nested path', { $inc: { 'totals.open': 1 } }],
    ['$unset of a nested path', { $unset: { 'totals.won': '' } }],
    ['an update the general evaluator takes ($pull)', { $pull: { accountIds: 'a1' } }],
  ])('%s', (_name, update) => {
    const before = original();
    const after = updated(before, 'd1', update);
    expect(before).toEqual(original());
    expect(after).not.toEqual(original());
  });

  it('shares what the update did not touch', () => {
    const before = original();
    expect(updated(before, 'd1', { $set: { title: 'Renamed' } }).stageHistory).toBe(before.stageHistory);
  });
});
