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

/** A pool with at least one candidate, chosen before anything is written. */
export type ChosenPool = { readonly pool: AssignmentPool; readonly candidates: readonly string[] };

export type Assigned = { readonly ownerId: string; readonly assignment: OwnerAssignment };

/** How far back a retried pick is looked for on the rotor before a new turn is taken. */
const RETRY_WINDOW = 64;

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

  /** The pool and its active reps; refuses an empty pool (`assignment-no-candidates`). */
  async choosePool(requested: AssignmentPool | null, actor: Actor): Promise<ChosenPool> {
    const ids = async (pool: AssignmentPool) => (await teamDirectory.activeReps(this.readStore, pool)).map((member) => member._id);
    let chosen: ChosenPool | null = requested ? { pool: requested, candidates: await ids(requested) } : null;
    if (!chosen && actor.role === 'manager') {
      const team: AssignmentPool = { kind: 'team', managerId: actor.userId };
      const candidates = await ids(team);
      if (candidates.length > 0) chosen = { pool: team, candidates };
    }
    chosen ??= { pool: { kind: 'all' }, candidates: await ids({ kind: 'all' }) };
    if (chosen.candidates.length === 0) throw new AssignmentNoCandidatesError();
    return chosen;
  }

  /** `currency`: the new opportunity's; least-loaded compares open pipelines in it only (never across currencies). */
  async assign(opportunityId: string, { pool, candidates }: ChosenPool, currency: string | null, context: CommandContext): Promise<Assigned> {
    const rule = this.config.assignment.rule;
    const key = poolKey(pool);
    const ownerId =
      rule === 'least-loaded' ? leastLoadedOwner(await this.loads(candidates, currency)) : await this.nextInTurn(key, opportunityId, candidates, context);
    return { ownerId, assignment: { rule, pool: key, candidates: candidates.length } };
  }

  /** The pool's rotor hands out turns; a pick from another process conflicts on the rotor's revision and is retried. */
  private nextInTurn(key: string, opportunityId: string, candidates: readonly string[], context: CommandContext): Promise<string> {
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

  /**
   * A retried request finds its earlier pick (for the same opportunity) among the rotor's recent turns. Otherwise the pick's
   * command id also names the revision it was read at, so that event ids stay unique in the log
   * even for a retry whose first pick has scrolled out of that window (it then takes a new turn).
   */
  private async pick(key: string, opportunityId: string, candidates: readonly string[], context: CommandContext): Promise<string> {
    const recent = await this.store.readStream(rotorStream(key), { direction: 'backwards', maxCount: RETRY_WINDOW });
    const earlier = recent.find((event) => (event.data as OwnerPicked['data']).opportunityId === opportunityId);
    if (earlier) return (earlier.data as OwnerPicked['data']).ownerId;
    const commandId = derivedCommandId(derivedCommandId(context.commandId, 'pick-owner'), String(recent[0]?.revision ?? -1));
    const pickContext = { ...context, commandId, expectedRevision: undefined };
    const result = await decideRotor(this.store, key, { type: 'PickNextOwner', poolKey: key, opportunityId, candidates: [...candidates] }, pickContext);
    const [picked] = await this.store.readStream(rotorStream(key), { fromRevision: result.revision, maxCount: 1 });
    return (picked.data as OwnerPicked['data']).ownerId;
  }

  private async loads(candidates: readonly string[], currency: string | null) {
    const open = await this.readStore.find<{ _id: string; ownerId: string; amountMinor: number | null; currency: string | null }>(
      OPPORTUNITY_VIEWS,
      { status: 'open', ownerId: { $in: [...candidates] } },
      { projection: { ownerId: 1, amountMinor: 1, currency: 1 } },
    );
    return candidates.map((userId) => {
      const owned = open.filter((opportunity) => opportunity.ownerId === userId);
      const inCurrency = owned.filter((opportunity) => currency !== null && opportunity.currency === currency);
      const openPipelineMinor = inCurrency.reduce((sum, opportunity) => sum + (opportunity.amountMinor ?? 0), 0);
      return { userId, openPipelineMinor, openOpportunities: owned.length };
    });
  }
}
