import { deciderSpec } from '@ledger/event-sourcing/testing';
import { accountHierarchyDecider, type LinkAccountParent } from './account-hierarchy.decide';
import type { AccountParentLinked } from './account-hierarchy.events';

const spec = deciderSpec(accountHierarchyDecider);
const AT = '2027-02-01T09:00:00.000Z';

const link = (accountId: string, parentAccountId: string | null): LinkAccountParent => ({ type: 'LinkAccountParent', accountId, parentAccountId, at: AT, by: 'max' });
const linked = (accountId: string, parentAccountId: string | null): AccountParentLinked => ({
  type: 'AccountParentLinked',
  data: { accountId, parentAccountId, linkedAt: AT },
});

describe('LinkAccountParent', () => {
  it("records an account's new parent", () => {
    spec.given([]).when(link('globex', 'acme')).then([linked('globex', 'acme')]);
  });

  it('records a cleared parent', () => {
    spec.given([linked('globex', 'acme')]).when(link('globex', null)).then([linked('globex', null)]);
  });

  it('records nothing for the parent last linked', () => {
    spec.given([linked('globex', 'acme'), linked('initech', 'acme')]).when(link('globex', 'acme')).then([]);
  });

  it('records a parent that differs from the one last linked', () => {
    spec.given([linked('globex', 'acme')]).when(link('globex', 'initech')).then([linked('globex', 'initech')]);
  });
});
