import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5 } from 'uuid';
import {
  type Actor,
  aggregateStreams,
  type CommandContext,
  type CommandResult,
  DomainError,
  EventStore,
  type WithoutTimeAndActor,
} from '@ledger/event-sourcing';
import { ReadStore } from '@ledger/read-store';
import { loadTeamMember, OutsideYourTeamError, TeamMemberNotFoundError, teamDirectory } from '../../team';
import { type TargetCommand, type TargetScope, targetDecider, targetEvents } from '../domain';

const targets = aggregateStreams('target', targetDecider, targetEvents);
export const TARGET_CATEGORY = targets.category;
export const targetStream = targets.stream;

const TARGET_NAMESPACE = '0b7d2f0e-4c1a-4a7e-9d53-6e1f2a3b4c5d';

/** One target per subject and period, so setting it again changes it: `target-<uuid v5 of scope:subject:period>`. */
export const targetIdFor = (scope: TargetScope, subjectId: string, period: string): string => uuidv5(`${scope}:${subjectId}:${period}`, TARGET_NAMESPACE);

export class TeamTargetNeedsManagerError extends DomainError {
  constructor(subjectId: string) {
    super('team-target-needs-manager', 'rule-violated', `A team target is set for the team's manager; ${subjectId} is not a manager.`);
  }
}

/** Any target command, carried on the bus. */
export class TargetCommandMessage extends Command<CommandResult> {
  constructor(
    readonly command: WithoutTimeAndActor<TargetCommand>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * load → authorize → decide → append for targets. The subject must be in the team directory (read
 * from its own stream, not a view); a manager sets targets within their team (their own, their
 * reports', and the teams of managers below them), an admin for anyone.
 */
@Injectable()
@CommandHandler(TargetCommandMessage)
export class TargetHandler implements ICommandHandler<TargetCommandMessage> {
  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
  ) {}

  execute({ command, context }: TargetCommandMessage): Promise<CommandResult> {
    return this.handle(command, context);
  }

  async handle(command: WithoutTimeAndActor<TargetCommand>, context: CommandContext): Promise<CommandResult> {
    const subject = await loadTeamMember(this.store, command.subjectId);
    if (subject.status === 'initial') throw new TeamMemberNotFoundError(command.subjectId);
    if (command.scope === 'team' && subject.role !== 'manager') throw new TeamTargetNeedsManagerError(command.subjectId);
    await this.authorize(context.actor, command.subjectId);
    return targets.handle(this.store, command.targetId, command, context);
  }

  private async authorize(actor: Actor, subjectId: string): Promise<void> {
    if (actor.role !== 'manager' || actor.userId === subjectId) return;
    const team = await teamDirectory.reportsOf(this.readStore, actor.userId);
    if (!team.some((member) => member._id === subjectId)) throw new OutsideYourTeamError(subjectId);
  }
}
