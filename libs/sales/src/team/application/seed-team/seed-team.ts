import { readFileSync } from 'node:fs';
import { type CommandContext, derivedCommandId, type EventStore } from '@ledger/event-sourcing';
import { TeamMemberAlreadyExistsError } from '../../domain';
import { parseSalesTeamsCsv } from '../../import/sales-teams-csv';
import { handleTeamMember } from '../team-member.handler';

export type TeamSeedOutcome = { readonly added: number; readonly alreadyThere: number };

const SEEDER = { userId: 'system:team-seed', role: 'system' } as const;

/**
 * Adds every member of a sales-team CSV that the directory does not have yet, managers first so
 * that each rep's manager exists. Command ids derive from the user id, so a second run (every
 * start) appends nothing; a member changed since keeps their changes.
 */
export async function seedTeam(store: EventStore, csvPath: string, now: Date = new Date()): Promise<TeamSeedOutcome> {
  const { members } = parseSalesTeamsCsv(readFileSync(csvPath, 'utf8'));
  let added = 0;
  for (const { userId, name, role, managerId, regionalOffice } of members) {
    const commandId = derivedCommandId(userId, 'seed-team');
    const context: CommandContext = { commandId, correlationId: commandId, causationId: commandId, actor: SEEDER, occurredAt: now.toISOString() };
    try {
      const result = await handleTeamMember(store, { type: 'AddTeamMember', userId, name, role, managerId, regionalOffice }, context);
      if (result.appended > 0) added += 1;
    } catch (error) {
      if (!(error instanceof TeamMemberAlreadyExistsError)) throw error;
    }
  }
  return { added, alreadyThere: members.length - added };
}
