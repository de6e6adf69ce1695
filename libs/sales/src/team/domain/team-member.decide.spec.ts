import { fold, type Role } from '@ledger/event-sourcing/kernel';
import { deciderSpec } from '@ledger/event-sourcing/testing';
import type { AddTeamMember, TeamMemberCommand } from './team-member.commands';
import { teamMemberDecider } from './team-member.decide';
import type {
  TeamMemberAdded,
  TeamMemberDeactivated,
  TeamMemberEvent,
  TeamMemberManagerChanged,
  TeamMemberOfficeChanged,
  TeamMemberReactivated,
  TeamMemberRoleChanged,
  TeamMemberTokensRevoked,
} from './team-member.events';
import { teamMemberEvents } from './team-member.events';
import { teamMemberIdFor } from './team-member.id';

const spec = deciderSpec(teamMemberDecider);

const USER = 'anna-snelling';
const MANAGER = 'dustin-brinkmann';
const ADDED_AT = '2026-03-01T09:00:00.000Z';
const AT = '2026-03-12T14:30:00.000Z';
const ADMIN = 'user-admin';

const base = { userId: USER, at: AT, by: ADMIN };

const addCommand = (overrides: Partial<Omit<AddTeamMember, 'type'>> = {}): AddTeamMember => ({
  type: 'AddTeamMember',
  userId: USER,
  name: 'Anna Snelling',
  role: 'rep',
  managerId: MANAGER,
  regionalOffice: 'Central',
  at: ADDED_AT,
  by: ADMIN,
  ...overrides,
});

const added = (overrides: Partial<TeamMemberAdded['data']> = {}): TeamMemberAdded => ({
  type: 'TeamMemberAdded',
  data: {
    userId: USER,
    name: 'Anna Snelling',
    role: 'rep',
    managerId: MANAGER,
    regionalOffice: 'Central',
    addedAt: ADDED_AT,
    addedBy: ADMIN,
    ...overrides,
  },
});

const roleChanged = (previousRole: Role, role: Role): TeamMemberRoleChanged => ({
  type: 'TeamMemberRoleChanged',
  data: { userId: USER, previousRole, role },
});

const managerChanged = (previousManagerId: string | null, managerId: string | null): TeamMemberManagerChanged => ({
  type: 'TeamMemberManagerChanged',
  data: { userId: USER, previousManagerId, managerId },
});

const officeChanged = (previousOffice: string | null, regionalOffice: string | null): TeamMemberOfficeChanged => ({
  type: 'TeamMemberOfficeChanged',
  data: { userId: USER, previousOffice, regionalOffice },
});

const deactivated: TeamMemberDeactivated = {
  type: 'TeamMemberDeactivated',
  data: { userId: USER, reason: 'Left the company', deactivatedAt: ADDED_AT },
};

const reactivated: TeamMemberReactivated = {
  type: 'TeamMemberReactivated',
  data: { userId: USER, reactivatedAt: AT },
};

const tokensRevoked = (revokedAt: string): TeamMemberTokensRevoked => ({
  type: 'TeamMemberTokensRevoked',
  data: { userId: USER, revokedAt, revokedBy: ADMIN },
});

const stateAfter = (events: readonly TeamMemberEvent[]) => fold(teamMemberDecider, events);

describe('teamMemberIdFor', () => {
  it.each([
    ['Anna Snelling', 'anna-snelling'],
    ['Rosalina Dieter', 'rosalina-dieter'],
    ['Mei-Mei Johns', 'mei-mei-johns'],
    ['  Violet   Mclelland ', 'violet-mclelland'],
    ['Zoë Ñúñez-Ångström', 'zoe-nunez-angstrom'],
    ['ＡＮＮＡ　Snelling', 'anna-snelling'],
    ["O'Brien, Jr. (2)", 'o-brien-jr-2'],
    ['--', ''],
  ])('%j → %j', (name, userId) => {
    expect(teamMemberIdFor(name)).toBe(userId);
  });
});

describe('teamMemberEvents', () => {
  it('lists every event type once', () => {
    expect(new Set(teamMemberEvents.types).size).toBe(8);
  });
});

describe('AddTeamMember', () => {
  it('adds a rep with a manager and an office', () => {
    spec.given([]).when(addCommand()).then([added()]);
  });

  it('adds a manager without a manager or an office', () => {
    spec
      .given([])
      .when(addCommand({ role: 'manager', managerId: null, regionalOffice: null }))
      .then([added({ role: 'manager', managerId: null, regionalOffice: null })]);
  });

  it.each(['rep', 'manager', 'auditor', 'analyst', 'admin'] as const)('accepts the role %s', (role) => {
    spec
      .given([])
      .when(addCommand({ role }))
      .then([added({ role })]);
  });

  it('refuses a member who already exists', () => {
    spec.given([added()]).when(addCommand()).thenFails('team-member-already-exists');
  });

  it('refuses an inactive member as already existing', () => {
    spec.given([added(), deactivated]).when(addCommand()).thenFails('team-member-already-exists');
  });

  it.each(['', '   '])('refuses the name %j', (name) => {
    spec.given([]).when(addCommand({ name })).thenFails('team-member-name-required');
  });

  it.each(['system', 'Rep', 'superuser', ''])('refuses the role %j', (role) => {
    spec
      .given([])
      .when(addCommand({ role: role as Role }))
      .thenFails('invalid-team-role');
  });

  it('refuses a member who is their own manager', () => {
    spec
      .given([])
      .when(addCommand({ managerId: USER }))
      .thenFails('team-member-own-manager');
  });

  it('folds to an active member with their facts', () => {
    expect(stateAfter([added()])).toEqual({
      status: 'active',
      userId: USER,
      name: 'Anna Snelling',
      role: 'rep',
      managerId: MANAGER,
      regionalOffice: 'Central',
      addedAt: ADDED_AT,
      tokensRevokedAt: null,
    });
  });
});

describe('any command but AddTeamMember on a member who does not exist', () => {
  const commands: TeamMemberCommand[] = [
    { type: 'ChangeTeamMemberRole', ...base, role: 'manager' },
    { type: 'AssignTeamManager', ...base, managerId: MANAGER },
    { type: 'MoveTeamMemberToOffice', ...base, regionalOffice: 'East' },
    { type: 'DeactivateTeamMember', ...base, reason: 'Left' },
    { type: 'ReactivateTeamMember', ...base },
    { type: 'RenameTeamMember', ...base, name: 'Anna Meyer' },
    { type: 'RevokeTeamMemberTokens', ...base },
  ];
  it.each(commands.map((command) => [command.type, command] as const))('%s is refused', (_type, command) => {
    spec.given([]).when(command).thenFails('team-member-not-found');
  });
});

describe('changes to an inactive member', () => {
  const commands: TeamMemberCommand[] = [
    { type: 'ChangeTeamMemberRole', ...base, role: 'manager' },
    { type: 'ChangeTeamMemberRole', ...base, role: 'rep' },
    { type: 'AssignTeamManager', ...base, managerId: 'cara-losch' },
    { type: 'AssignTeamManager', ...base, managerId: MANAGER },
    { type: 'MoveTeamMemberToOffice', ...base, regionalOffice: 'East' },
    { type: 'MoveTeamMemberToOffice', ...base, regionalOffice: 'Central' },
  ];
  it.each(commands.map((command) => [command.type, JSON.stringify(command), command] as const))(
    '%s %s is refused, even when it would change nothing',
    (_type, _json, command) => {
      spec.given([added(), deactivated]).when(command).thenFails('team-member-inactive');
    },
  );
});

describe('RenameTeamMember', () => {
  it('changes the display name, recording the previous one; the user id stays', () => {
    spec
      .given([added()])
      .when({ type: 'RenameTeamMember', ...base, name: 'Anna Snelling-Meyer' })
      .then([{ type: 'TeamMemberRenamed', data: { userId: USER, previousName: 'Anna Snelling', name: 'Anna Snelling-Meyer', renamedAt: AT } }]);
  });

  it('records nothing when the name is already that one', () => {
    spec.given([added()]).when({ type: 'RenameTeamMember', ...base, name: 'Anna Snelling' }).then([]);
  });

  it('refuses a blank name', () => {
    spec.given([added()]).when({ type: 'RenameTeamMember', ...base, name: '  ' }).thenFails('team-member-name-required');
  });

  it('renames an inactive member too (their history shows the corrected name)', () => {
    spec
      .given([added(), deactivated])
      .when({ type: 'RenameTeamMember', ...base, name: 'Anna Meyer' })
      .then([{ type: 'TeamMemberRenamed', data: { userId: USER, previousName: 'Anna Snelling', name: 'Anna Meyer', renamedAt: AT } }]);
  });

  it('folds into the state: the next rename records the new name as the previous one', () => {
    expect(stateAfter([added(), { type: 'TeamMemberRenamed', data: { userId: USER, previousName: 'Anna Snelling', name: 'Anna Meyer', renamedAt: AT } }])).toMatchObject({ name: 'Anna Meyer' });
  });
});

describe('ChangeTeamMemberRole', () => {
  it('changes the role, recording the previous one', () => {
    spec
      .given([added()])
      .when({ type: 'ChangeTeamMemberRole', ...base, role: 'manager' })
      .then([roleChanged('rep', 'manager')]);
  });

  it('changes nothing when the role is the same', () => {
    spec
      .given([added(), roleChanged('rep', 'manager')])
      .when({ type: 'ChangeTeamMemberRole', ...base, role: 'manager' })
      .then([]);
  });

  it('refuses an unknown role', () => {
    spec
      .given([added()])
      .when({ type: 'ChangeTeamMemberRole', ...base, role: 'boss' as Role })
      .thenFails('invalid-team-role');
  });

  it('folds to the new role', () => {
    const state = stateAfter([added(), roleChanged('rep', 'manager')]);
    expect(state.status === 'initial' ? null : state.role).toBe('manager');
  });
});

describe('AssignTeamManager', () => {
  it('changes the manager, recording the previous one', () => {
    spec
      .given([added()])
      .when({ type: 'AssignTeamManager', ...base, managerId: 'melvin-marxen' })
      .then([managerChanged(MANAGER, 'melvin-marxen')]);
  });

  it('removes the manager', () => {
    spec
      .given([added()])
      .when({ type: 'AssignTeamManager', ...base, managerId: null })
      .then([managerChanged(MANAGER, null)]);
  });

  it('gives a manager to a member who had none', () => {
    spec
      .given([added({ managerId: null })])
      .when({ type: 'AssignTeamManager', ...base, managerId: MANAGER })
      .then([managerChanged(null, MANAGER)]);
  });

  it('changes nothing when the manager is the same', () => {
    spec
      .given([added()])
      .when({ type: 'AssignTeamManager', ...base, managerId: MANAGER })
      .then([]);
  });

  it('changes nothing when a member without a manager is left without one', () => {
    spec
      .given([added({ managerId: null })])
      .when({ type: 'AssignTeamManager', ...base, managerId: null })
      .then([]);
  });

  it('refuses to make the member their own manager', () => {
    spec
      .given([added()])
      .when({ type: 'AssignTeamManager', ...base, managerId: USER })
      .thenFails('team-member-own-manager');
  });

  it('folds to the new manager', () => {
    const state = stateAfter([added(), managerChanged(MANAGER, 'melvin-marxen')]);
    expect(state.status === 'initial' ? null : state.managerId).toBe('melvin-marxen');
  });
});

describe('MoveTeamMemberToOffice', () => {
  it('moves the member, recording the previous office', () => {
    spec
      .given([added()])
      .when({ type: 'MoveTeamMemberToOffice', ...base, regionalOffice: 'East' })
      .then([officeChanged('Central', 'East')]);
  });

  it('takes the member out of any office', () => {
    spec
      .given([added()])
      .when({ type: 'MoveTeamMemberToOffice', ...base, regionalOffice: null })
      .then([officeChanged('Central', null)]);
  });

  it('gives an office to a member who had none', () => {
    spec
      .given([added({ regionalOffice: null })])
      .when({ type: 'MoveTeamMemberToOffice', ...base, regionalOffice: 'West' })
      .then([officeChanged(null, 'West')]);
  });

  it('changes nothing when the office is the same', () => {
    spec
      .given([added(), officeChanged('Central', 'East')])
      .when({ type: 'MoveTeamMemberToOffice', ...base, regionalOffice: 'East' })
      .then([]);
  });

  it('folds to the new office', () => {
    const state = stateAfter([added(), officeChanged('Central', 'East')]);
    expect(state.status === 'initial' ? null : state.regionalOffice).toBe('East');
  });
});

describe('DeactivateTeamMember', () => {
  it('deactivates an active member', () => {
    spec
      .given([added()])
      .when({ type: 'DeactivateTeamMember', ...base, reason: 'Left the company' })
      .then([{ type: 'TeamMemberDeactivated', data: { userId: USER, reason: 'Left the company', deactivatedAt: AT } }]);
  });

  it('deactivates a member again after a reactivation', () => {
    spec
      .given([added(), deactivated, reactivated])
      .when({ type: 'DeactivateTeamMember', ...base, reason: 'Parental leave' })
      .then([{ type: 'TeamMemberDeactivated', data: { userId: USER, reason: 'Parental leave', deactivatedAt: AT } }]);
  });

  it('refuses a member who is already inactive', () => {
    spec
      .given([added(), deactivated])
      .when({ type: 'DeactivateTeamMember', ...base, reason: 'Again' })
      .thenFails('team-member-inactive');
  });

  it.each(['', '  '])('refuses the reason %j', (reason) => {
    spec
      .given([added()])
      .when({ type: 'DeactivateTeamMember', ...base, reason })
      .thenFails('team-member-reason-required');
  });

  it('folds to an inactive member who keeps their facts', () => {
    expect(stateAfter([added(), deactivated])).toEqual({
      status: 'inactive',
      userId: USER,
      name: 'Anna Snelling',
      role: 'rep',
      managerId: MANAGER,
      regionalOffice: 'Central',
      addedAt: ADDED_AT,
      tokensRevokedAt: null,
    });
  });
});

describe('ReactivateTeamMember', () => {
  it('reactivates an inactive member', () => {
    spec
      .given([added(), deactivated])
      .when({ type: 'ReactivateTeamMember', ...base })
      .then([reactivated]);
  });

  it('changes nothing on an active member', () => {
    spec
      .given([added()])
      .when({ type: 'ReactivateTeamMember', ...base })
      .then([]);
  });

  it('changes nothing on a member already reactivated', () => {
    spec
      .given([added(), deactivated, reactivated])
      .when({ type: 'ReactivateTeamMember', ...base })
      .then([]);
  });

  it('folds back to an active member, who can be changed again', () => {
    expect(stateAfter([added(), deactivated, reactivated]).status).toBe('active');
    spec
      .given([added(), deactivated, reactivated])
      .when({ type: 'ChangeTeamMemberRole', ...base, role: 'manager' })
      .then([roleChanged('rep', 'manager')]);
  });
});

describe('RevokeTeamMemberTokens', () => {
  it("revokes an active member's tokens as of the command's time", () => {
    spec
      .given([added()])
      .when({ type: 'RevokeTeamMemberTokens', ...base })
      .then([tokensRevoked(AT)]);
  });

  it("revokes an inactive member's tokens too, so they stay refused after a reactivation", () => {
    spec
      .given([added(), deactivated])
      .when({ type: 'RevokeTeamMemberTokens', ...base })
      .then([tokensRevoked(AT)]);
  });

  it('moves the cut-off on every revocation', () => {
    spec
      .given([added(), tokensRevoked(ADDED_AT)])
      .when({ type: 'RevokeTeamMemberTokens', ...base })
      .then([tokensRevoked(AT)]);
  });

  it('folds to the latest revocation', () => {
    expect(stateAfter([added(), tokensRevoked(ADDED_AT), tokensRevoked(AT)])).toMatchObject({ tokensRevokedAt: AT });
  });
});

describe('evolve', () => {
  it('ignores events other than TeamMemberAdded before the member exists', () => {
    const orphans: TeamMemberEvent[] = [
      roleChanged('rep', 'manager'),
      managerChanged(null, MANAGER),
      officeChanged(null, 'East'),
      deactivated,
      reactivated,
      tokensRevoked(AT),
    ];
    expect(stateAfter(orphans)).toEqual({ status: 'initial' });
  });
});
