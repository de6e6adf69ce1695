import { Inject, Injectable } from '@nestjs/common';
import { type Actor, type CommandContext, derivedCommandId, EventStore } from '@ledger/event-sourcing';
import { APP_CONFIG, type AppConfig } from '@ledger/platform';
import { ReadStore } from '@ledger/read-store';
import {
  AssignmentNoCandidatesError,
  type AssignmentPool,
  decideRotor,
  leastLoadedOwner,
  type OwnerPicked,
  poolKey,
  rotorStream,
  teamDirectory,
} from '../../../team';
import type { OwnerAssignment } from '../../domain';
import { OPPORTUNITY_VIEWS } from '../../read-models/opportunity-view/opportunity-view.document';

export type Assigned = { readonly ownerId: string; readonly assignment: OwnerAssignment };

/**
 * Chooses the owner of an opportunity opened without one, by the configured rule, among the active
 * reps of a pool: the one asked for, else the opener's team (a manager with reports), else every rep.
 */
@Injectable()
export class OwnerAssigner {
  /** Picks of one pool wait in line in this process, so that they do not conflict on the rotor's revision. */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async assign(opportunityId: string, requested: AssignmentPool | null, actor: Actor, context: CommandContext): Promise<Assigned> {
    const { pool, candidates } = await this.poolFor(requested, actor);
    if (candidates.length === 0) throw new AssignmentNoCandidatesError();
    const rule = this.config.assignment.rule;
    const key = poolKey(pool);
    const ownerId =
      rule === 'least-loaded' ? leastLoadedOwner(await this.loads(candidates)) : await this.nextInTurn(key, opportunityId, candidates, context);
    return { ownerId, assignment: { rule, pool: key, candidates: candidates.length } };
  }

  private async poolFor(requested: AssignmentPool | null, actor: Actor): Promise<{ pool: AssignmentPool; candidates: string[] }> {
    const ids = async (pool: AssignmentPool) => (await teamDirectory.activeReps(this.readStore, pool)).map((member) => member._id);
    if (requested) return { pool: requested, candidates: await ids(requested) };
    if (actor.role === 'manager') {
      const team: AssignmentPool = { kind: 'team', managerId: actor.userId };
      const candidates = await ids(team);
      if (candidates.length > 0) return { pool: team, candidates };
    }
    const all: AssignmentPool = { kind: 'all' };
    return { pool: all, candidates: await ids(all) };
  }

  /** The pool's rotor hands out turns; a pick from another process conflicts on the rotor's revision and is retried. */
  private nextInTurn(key: string, opportunityId: string, candidates: string[], context: CommandContext): Promise<string> {
    const previous = this.turns.get(key) ?? Promise.resolve();
    const pick = previous.then(
      () => this.pick(key, opportunityId, candidates, context),
      () => this.pick(key, opportunityId, candidates, context),
    );
    const settled = pick.catch(() => undefined);
    this.turns.set(key, settled);
    void settled.then(() => {
      if (this.turns.get(key) === settled) this.turns.delete(key);
    });
    return pick;
  }

  private async pick(key: string, opportunityId: string, candidates: string[], context: CommandContext): Promise<string> {
    const pickContext = { ...context, commandId: derivedCommandId(context.commandId, 'pick-owner'), expectedRevision: undefined };
    const result = await decideRotor(this.store, key, { type: 'PickNextOwner', poolKey: key, opportunityId, candidates }, pickContext);
    const [picked] = await this.store.readStream(rotorStream(key), { fromRevision: result.revision, maxCount: 1 });
    return (picked.data as OwnerPicked['data']).ownerId;
  }

  private async loads(candidates: string[]) {
    const open = await this.readStore.find<{ _id: string; ownerId: string; amountMinor: number | null }>(
      OPPORTUNITY_VIEWS,
      { status: 'open', ownerId: { $in: candidates } },
      { projection: { ownerId: 1, amountMinor: 1 } },
    );
    return candidates.map((userId) => {
      const owned = open.filter((opportunity) => opportunity.ownerId === userId);
      const openPipelineMinor = owned.reduce((sum, opportunity) => sum + (opportunity.amountMinor ?? 0), 0);
      return { userId, openPipelineMinor, openOpportunities: owned.length };
    });
  }
}
