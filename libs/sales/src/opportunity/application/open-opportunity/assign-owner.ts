import { Inject, Injectable } from '@nestjs/common';
import { type Actor, type CommandContext, derivedCommandId, EventStore } from '@ledger/event-sourcing';
import { APP_CONFIG, type AppConfig } from '@ledger/platform';
import { ReadStore } from '@ledger/read-store';
import {
  AssignmentNoCandidatesError,
  type AssignmentPool,
  handleRotor,
  leastLoadedOwner,
  assignmentRotorEvents,
  poolKey,
  rotorStream,
  teamDirectory,
} from '../../../team';
import type { OwnerAssignment } from '../../domain';
import { OPPORTUNITY_VIEWS } from '../../read-models/opportunity-view/opportunity-view.document';

/** A pool with at least one candidate, chosen before anything is written. */
export type ChosenPool = { readonly pool: AssignmentPool; readonly candidates: readonly string[] };

export type Assigned = { readonly ownerId: string; readonly assignment: OwnerAssignment };

type Turn = {
  readonly opportunityId: string;
  readonly candidates: readonly string[];
  readonly context: CommandContext;
  readonly resolve: (ownerId: string) => void;
  readonly reject: (error: unknown) => void;
};

/** How far back a retried pick is looked for on the rotor before a new turn is taken. */
const RETRY_WINDOW = 64;

/**
 * Chooses the owner of an opportunity opened without one, by the configured rule, among the active
 * reps of a pool: the one asked for, else the opener's team (a manager with reports), else every rep.
 */
@Injectable()
export class OwnerAssigner {
  /** Turns asked for in a pool while its rotor is being written, and the pools being written. */
  private readonly waiting = new Map<string, Turn[]>();
  private readonly drawing = new Set<string>();

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

  /**
   * The pool's rotor hands out turns. Picks that arrive while one is being written wait, then are
   * handed out together in one append (one fsync for all of them); a pick from another process
   * conflicts on the rotor's revision and is retried.
   */
  private nextInTurn(key: string, opportunityId: string, candidates: readonly string[], context: CommandContext): Promise<string> {
    return new Promise((resolve, reject) => {
      const waiting = this.waiting.get(key) ?? [];
      waiting.push({ opportunityId, candidates, context, resolve, reject });
      this.waiting.set(key, waiting);
      if (!this.drawing.has(key)) void this.draw(key);
    });
  }

  private async draw(key: string): Promise<void> {
    this.drawing.add(key);
    try {
      for (let turns = this.waiting.get(key); turns && turns.length > 0; turns = this.waiting.get(key)) {
        this.waiting.delete(key);
        try {
          const owners = await this.pick(key, turns);
          turns.forEach((turn) => turn.resolve(owners.get(turn.opportunityId)!));
        } catch (error) {
          turns.forEach((turn) => turn.reject(error));
        }
      }
    } finally {
      this.drawing.delete(key);
    }
  }

  /**
   * A retried request finds its earlier pick (for the same opportunity) among the rotor's recent
   * turns. The others are picked in one decision, whose command id derives from the first of them
   * and the revision read, so that event ids stay unique in the log even for a retry whose first
   * pick has scrolled out of that window (it then takes a new turn).
   */
  private async pick(key: string, turns: readonly Turn[]): Promise<Map<string, string>> {
    const owners = new Map<string, string>();
    const recent = await this.store.readStream(rotorStream(key), { direction: 'backwards', maxCount: RETRY_WINDOW });
    for (const event of recent.reverse()) {
      const { opportunityId, ownerId } = assignmentRotorEvents.decode(event).data;
      if (turns.some((turn) => turn.opportunityId === opportunityId)) owners.set(opportunityId, ownerId);
    }
    const fresh = turns.filter((turn, i) => !owners.has(turn.opportunityId) && turns.findIndex((other) => other.opportunityId === turn.opportunityId) === i);
    if (fresh.length === 0) return owners;
    const [first] = fresh;
    const commandId = derivedCommandId(derivedCommandId(first.context.commandId, 'pick-owner'), String(recent.at(-1)?.revision ?? -1));
    const picks = fresh.map(({ opportunityId, candidates }) => ({ opportunityId, candidates: [...candidates] }));
    const result = await handleRotor(this.store, key, { type: 'PickNextOwners', poolKey: key, picks }, { ...first.context, commandId, expectedRevision: undefined });
    const written = await this.store.readStream(rotorStream(key), { fromRevision: result.revision - fresh.length + 1, maxCount: fresh.length });
    for (const event of written) {
      const { opportunityId, ownerId } = assignmentRotorEvents.decode(event).data;
      owners.set(opportunityId, ownerId);
    }
    return owners;
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
