import { exhaustive } from '@ledger/event-sourcing';
import { projectionOf, revisionGuardedUpsert, type UpdateSpec } from '@ledger/read-store';
import { teamMemberEvents, type TeamMemberEvent } from '../../domain';
import { TEAM_MEMBERS } from './team-member-view.document';

function changesFor(event: TeamMemberEvent): UpdateSpec {
  switch (event.type) {
    case 'TeamMemberAdded': {
      const d = event.data;
      return { $set: { name: d.name, role: d.role, managerId: d.managerId, regionalOffice: d.regionalOffice, status: 'active', addedAt: d.addedAt } };
    }
    case 'TeamMemberRenamed':
      return { $set: { name: event.data.name } };
    case 'TeamMemberRoleChanged':
      return { $set: { role: event.data.role } };
    case 'TeamMemberManagerChanged':
      return { $set: { managerId: event.data.managerId } };
    case 'TeamMemberOfficeChanged':
      return { $set: { regionalOffice: event.data.regionalOffice } };
    case 'TeamMemberDeactivated':
      return { $set: { status: 'inactive' } };
    case 'TeamMemberReactivated':
      return { $set: { status: 'active' } };
    case 'TeamMemberTokensRevoked':
      return { $set: { tokensRevokedAt: event.data.revokedAt } };
    default:
      return exhaustive(event);
  }
}

/** The team directory, one document per member; guarded by the member stream's revision. */
export const teamMemberViewProjection = projectionOf({
  name: 'team-members',
  collections: [TEAM_MEMBERS],
  indexes: {
    // GET /team pages by (name, _id), by status, manager or office.
    [TEAM_MEMBERS]: [{ fields: { managerId: 1, name: 1, _id: 1 } }, { fields: { regionalOffice: 1, role: 1 } }, { fields: { status: 1, name: 1, _id: 1 } }, { fields: { name: 1, _id: 1 } }],
  },
  events: teamMemberEvents,
  project: (event, recorded) => {
    return [revisionGuardedUpsert(TEAM_MEMBERS, event.data.userId, changesFor(event), recorded)];
  },
});
