import { type AllEvent, categoryOf, type Decider, type Event, type EventCodec, EventStore, isPlainObject, type StoredEvent } from '@ledger/event-sourcing';
import { ACCOUNT_CATEGORY, ACCOUNT_HIERARCHY_CATEGORY, accountDecider, accountEvents, accountHierarchyDecider, accountHierarchyEvents } from '../account';
import { API_KEY_CATEGORY, apiKeyDecider, apiKeyEvents } from '../api-key';
import { ACTIVITY_CATEGORY, activityDecider, activityEvents } from '../activity';
import { importDecider, importEvents } from '../import';
import { OPPORTUNITY_CATEGORY, opportunityDecider, opportunityEvents } from '../opportunity';
import { ORDER_CATEGORY, orderDecider, orderEvents } from '../order';
import { PRODUCT_CATEGORY, productDecider, productEvents } from '../product';
import { QUOTE_CATEGORY, quoteDecider, quoteEvents, type QuoteMarkedPrimary, type QuoteOrderWithheld } from '../quote';
import { TARGET_CATEGORY, targetDecider, targetEvents } from '../target';
import { TASK_CATEGORY, taskDecider, taskEvents } from '../task';
import { assignmentRotorDecider, assignmentRotorEvents, TEAM_MEMBER_CATEGORY, teamMemberDecider, teamMemberEvents } from '../team';

/** One field of a record that an event changed: its path in the record (`amount`, `lines.<lineId>.quantity`), before and after. */
export type FieldChange = { readonly field: string; readonly from: unknown; readonly to: unknown };

/**
 * A record as its history shows it, folded event by event: the aggregate's own state, by its own
 * `evolve` over its own codec (so every event type of every aggregate is summarised the way the
 * command side sees it), plus `notes` for what an event records that the state does not keep.
 */
type RecordFold = {
  readonly initial: () => FoldedRecord;
  readonly apply: (record: FoldedRecord, stored: StoredEvent) => FoldedRecord;
};
type FoldedRecord = { readonly state: unknown; readonly notes: Readonly<Record<string, unknown>> };

function recordFold<S, E extends Event>(
  decider: Pick<Decider<never, S, E>, 'initialState' | 'evolve'>,
  codec: EventCodec<E>,
  notes: (event: E) => Readonly<Record<string, unknown>> | null = () => null,
): RecordFold {
  return {
    initial: () => ({ state: decider.initialState(), notes: {} }),
    apply: (record, stored) => {
      if (!codec.handles(stored.type)) return record;
      const event = codec.decode(stored);
      const noted = notes(event);
      // The fold hands back the state it was given: `state` is always an S.
      return { state: decider.evolve(record.state as S, event), notes: noted === null ? record.notes : { ...record.notes, ...noted } };
    },
  };
}

/**
 * Every stream category the sales modules write, with how its records fold. A quote's state does
 * not keep that it was marked primary (only the opportunity acts on it), so its history notes it.
 */
export const RECORD_FOLDS: Readonly<Record<string, RecordFold>> = {
  [OPPORTUNITY_CATEGORY]: recordFold(opportunityDecider, opportunityEvents),
  [ACCOUNT_CATEGORY]: recordFold(accountDecider, accountEvents),
  [TEAM_MEMBER_CATEGORY]: recordFold(teamMemberDecider, teamMemberEvents),
  rotor: recordFold(assignmentRotorDecider, assignmentRotorEvents),
  [TASK_CATEGORY]: recordFold(taskDecider, taskEvents),
  [ACTIVITY_CATEGORY]: recordFold(activityDecider, activityEvents),
  [PRODUCT_CATEGORY]: recordFold(productDecider, productEvents),
  [QUOTE_CATEGORY]: recordFold(quoteDecider, quoteEvents, (event) =>
    event.type === 'QuoteMarkedPrimary' ? markedPrimary(event) : event.type === 'QuoteOrderWithheld' ? orderWithheld(event) : null,
  ),
  [ORDER_CATEGORY]: recordFold(orderDecider, orderEvents),
  [TARGET_CATEGORY]: recordFold(targetDecider, targetEvents),
  import: recordFold(importDecider, importEvents),
  [ACCOUNT_HIERARCHY_CATEGORY]: recordFold(accountHierarchyDecider, accountHierarchyEvents),
  [API_KEY_CATEGORY]: recordFold(apiKeyDecider, apiKeyEvents),
};

const markedPrimary = ({ data }: QuoteMarkedPrimary) => ({ markedPrimaryAt: data.markedAt, markedPrimaryBy: data.markedBy });
const orderWithheld = ({ data }: QuoteOrderWithheld) => ({ orderWithheldAt: data.withheldAt, orderWithheldReason: data.reason });

const viewOf = (record: FoldedRecord): unknown => (isPlainObject(record.state) ? { ...record.state, ...record.notes } : record.state);

/** Money reads as one value (`10.00 USD` → `12.00 USD`), not as two fields. */
const isMoneyShaped = (value: Record<string, unknown>): boolean => {
  const keys = Object.keys(value);
  return keys.length === 2 && keys.includes('amountMinor') && keys.includes('currency');
};

/** A list of lines is keyed by line id, so a line edited, added or removed is named by its id, not by a shifting index. */
const isKeyedByLine = (value: readonly unknown[]): value is readonly Record<string, unknown>[] =>
  value.length > 0 && value.every((element) => isPlainObject(element) && typeof element.lineId === 'string');

/** The record's fields as paths to values; an empty list or object holds no field. */
function flatten(value: unknown, path: string, into: Map<string, unknown>): Map<string, unknown> {
  if (isPlainObject(value) && !isMoneyShaped(value)) {
    for (const [key, field] of Object.entries(value)) flatten(field, path === '' ? key : `${path}.${key}`, into);
  } else if (Array.isArray(value) && isKeyedByLine(value)) {
    for (const line of value) flatten(line, `${path}.${String(line.lineId)}`, into);
  } else if (!(Array.isArray(value) && value.length === 0) && value !== undefined) {
    into.set(path, value);
  }
  return into;
}

/** What differs between two versions of a record, field by field (its status first); a field one side lacks reads as null there. */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const was = flatten(before, '', new Map());
  const is = flatten(after, '', new Map());
  const changes: FieldChange[] = [];
  for (const field of new Set(['status', ...is.keys(), ...was.keys()])) {
    const from = was.get(field) ?? null;
    const to = is.get(field) ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ field, from, to });
  }
  return changes;
}

/** The changes of the last of `events` (a stream from its first event on), for a record of `category`; none for a stream no module folds. */
export function changesOfLast(category: string, events: readonly StoredEvent[]): FieldChange[] {
  const fold = RECORD_FOLDS[category];
  if (fold === undefined || events.length === 0) return [];
  let record = fold.initial();
  for (const event of events.slice(0, -1)) record = fold.apply(record, event);
  return fieldChanges(viewOf(record), viewOf(fold.apply(record, events[events.length - 1])));
}

export type RecordHistoryOptions = {
  /** Events a page may fold; beyond it the page ends early (after at least one event). */
  readonly foldBudget: number;
  /** A folded record is kept every this many revisions of a stream, so a later page folds on from there. */
  readonly checkpointEvery: number;
  /** Streams whose checkpoints are kept (least recently used first out). */
  readonly streams: number;
};

const DEFAULTS: RecordHistoryOptions = { foldBudget: 2_000, checkpointEvery: 50, streams: 1_000 };

/**
 * The changes of the events of a page of history. Each stream of the page is folded once, up to the
 * page's last event of it, starting from the nearest kept checkpoint before the page's first event
 * of it (events never change, so a record folded up to a revision stays true): paging on through a
 * long stream, or reading the same page again, folds at most `checkpointEvery` events more per
 * stream. Folding is a page's cost: once `foldBudget` events would be exceeded, the page ends early
 * (after at least one event) and the caller's cursor continues from there, so a page deep in 100
 * long streams never folds without bound.
 */
export class RecordHistory {
  private readonly options: RecordHistoryOptions;
  /** Per stream, the folded record after each checkpoint revision; a Map keeps the least recently used first. */
  private readonly checkpoints = new Map<string, Map<number, FoldedRecord>>();

  constructor(
    private readonly store: EventStore,
    options: Partial<RecordHistoryOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async changesOf(page: readonly AllEvent[]): Promise<{ readonly changes: readonly FieldChange[][]; readonly kept: number }> {
    const spans = new Map<string, { first: number; last: number; cost: number }>();
    let spent = 0;
    let kept = 0;
    for (const event of page) {
      const span = spans.get(event.streamName);
      const first = Math.min(span?.first ?? event.revision, event.revision);
      const last = Math.max(span?.last ?? event.revision, event.revision);
      const cost = RECORD_FOLDS[categoryOf(event.streamName)] === undefined ? 0 : last - this.checkpointBefore(event.streamName, first).revision;
      const added = cost - (span?.cost ?? 0);
      if (kept > 0 && spent + added > this.options.foldBudget) break;
      spent += added;
      kept += 1;
      spans.set(event.streamName, { first, last, cost });
    }
    const wanted = page.slice(0, kept);
    const byStream = new Map<string, Map<number, FieldChange[]>>();
    await Promise.all(
      [...spans].map(async ([streamName, { first, last }]) => {
        const needed = new Set(wanted.filter((event) => event.streamName === streamName).map((event) => event.revision));
        byStream.set(streamName, await this.fold(streamName, first, last, needed));
      }),
    );
    return { changes: wanted.map((event) => byStream.get(event.streamName)?.get(event.revision) ?? []), kept };
  }

  private async fold(streamName: string, first: number, last: number, needed: ReadonlySet<number>): Promise<Map<number, FieldChange[]>> {
    const found = new Map<number, FieldChange[]>();
    const fold = RECORD_FOLDS[categoryOf(streamName)];
    if (fold === undefined) return found;
    const start = this.checkpointBefore(streamName, first);
    let record = start.record ?? fold.initial();
    const events = await this.store.readStream(streamName, { fromRevision: start.revision + 1, maxCount: last - start.revision });
    for (const event of events) {
      const next = fold.apply(record, event);
      if (needed.has(event.revision)) found.set(event.revision, fieldChanges(viewOf(record), viewOf(next)));
      if ((event.revision + 1) % this.options.checkpointEvery === 0) this.keep(streamName, event.revision, next);
      record = next;
    }
    return found;
  }

  /** The latest kept record strictly before `revision` (the state an event at `revision` changed), or the stream's start. */
  private checkpointBefore(streamName: string, revision: number): { readonly revision: number; readonly record?: FoldedRecord } {
    const kept = this.checkpoints.get(streamName);
    if (kept === undefined) return { revision: -1 };
    this.checkpoints.delete(streamName);
    this.checkpoints.set(streamName, kept);
    let best = -1;
    for (const at of kept.keys()) if (at < revision && at > best) best = at;
    return best === -1 ? { revision: -1 } : { revision: best, record: kept.get(best) };
  }

  private keep(streamName: string, revision: number, record: FoldedRecord): void {
    const kept = this.checkpoints.get(streamName) ?? new Map<number, FoldedRecord>();
    kept.set(revision, record);
    this.checkpoints.delete(streamName);
    this.checkpoints.set(streamName, kept);
    if (this.checkpoints.size > this.options.streams) this.checkpoints.delete(this.checkpoints.keys().next().value as string);
  }
}
