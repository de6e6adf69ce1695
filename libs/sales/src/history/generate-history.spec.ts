import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ICommand } from '@nestjs/cqrs';
import { type AllEvent, type CommandResult, type EventStore, SqliteEventStore } from '@ledger/event-sourcing';
import { loadAppConfig } from '@ledger/platform';
import { planCrmSalesImport, readCrmSalesFolder } from '../import';
import { handleOpportunity, OpportunityCommandMessage } from '../opportunity';
import {
  FollowQuoteTotalCommand,
  FollowQuoteTotalHandler,
  KeepOnLiveAccountCommand,
  PlaceOrderOfAcceptedQuoteCommand,
  PlaceOrderOfAcceptedQuoteHandler,
  salesProcesses,
} from '../processes';
import { handleTask, TaskCommandMessage } from '../task';
import { generateHistory, type HistoryReport } from './generate-history';

// The repository's copy of the data set (a clean clone has no ../shared).
const DATA_SET = readCrmSalesFolder(resolve(__dirname, '../../../../seed/crm-sales'));
const APPROVALS = loadAppConfig({ JWT_SECRET: 'x'.repeat(48) }).approvals;

type Generated = { readonly report: HistoryReport; readonly log: AllEvent[]; readonly replayed: number };

/** Every command the API's process managers issue for the log, run again as they would on a start from zero; the events it appends. */
async function replayProcessManagers(store: EventStore, log: readonly AllEvent[]): Promise<number> {
  const processes = salesProcesses({ approvals: APPROVALS, assignment: { rule: 'round-robin', followUpDueDays: 2 } });
  const appended = (result: CommandResult | null): number => result?.appended ?? 0;
  const run = async (command: ICommand): Promise<number> => {
    if (command instanceof OpportunityCommandMessage) return appended(await handleOpportunity(store, command.command, command.context));
    if (command instanceof TaskCommandMessage) return appended(await handleTask(store, command.command, command.context));
    if (command instanceof FollowQuoteTotalCommand) return appended(await new FollowQuoteTotalHandler(store).execute(command));
    if (command instanceof KeepOnLiveAccountCommand) return 0;
    if (!(command instanceof PlaceOrderOfAcceptedQuoteCommand)) throw new Error(`unexpected ${command.constructor.name}`);
    const before = Number((await store.lastPosition())!.commit);
    await new PlaceOrderOfAcceptedQuoteHandler(store).execute(command);
    return Number((await store.lastPosition())!.commit) - before;
  };
  let total = 0;
  for (const event of log) for (const process of processes) for (const command of process.react(event)) total += await run(command);
  return total;
}

/** A history in a fresh embedded log, that whole log, and (when asked) what the process managers append replaying it. */
async function generate(seed: number, size: { opportunities?: number; events?: number }, replay = false): Promise<Generated> {
  const dir = mkdtempSync(join(tmpdir(), 'history-'));
  const store = new SqliteEventStore(join(dir, 'events.db'));
  try {
    const report = await generateHistory(store, { seed, ...size, dataSet: DATA_SET, approvals: APPROVALS });
    const log: AllEvent[] = [];
    for (let page = await store.readAll({ maxCount: 10_000 }); page.length > 0; page = await store.readAll({ after: page.at(-1)!.position, maxCount: 10_000 })) {
      log.push(...page);
    }
    return { report, log, replayed: replay ? await replayProcessManagers(store, log) : 0 };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Everything an event is, but the instant the store committed it: the only thing taken from the clock. */
const withoutRecordedAt = ({ recordedAt: _recordedAt, ...event }: AllEvent) => event;
const share = (part: number, whole: number): number => part / whole;

describe('generateHistory', () => {
  let first: Generated;
  let again: Generated;
  let other: Generated;

  beforeAll(async () => {
    first = await generate(1, { opportunities: 600 }, true);
    again = await generate(1, { opportunities: 600 });
    other = await generate(2, { opportunities: 600 });
  }, 300_000);

  it('appends the same log for the same seed: streams, revisions, ids, types, data, metadata, positions and hashes', () => {
    expect(again.log.map(withoutRecordedAt)).toEqual(first.log.map(withoutRecordedAt));
  });

  it('appends another log for another seed', () => {
    expect(other.log.map((event) => event.id)).not.toEqual(first.log.map((event) => event.id));
  });

  it('dates every command inside the two years of business, whatever the clock says', () => {
    const instants = first.log.map((event) => event.metadata.occurredAt).sort();
    expect([instants[0] >= '2024-01-01', instants.at(-1)! < '2026-01-01']).toEqual([true, true]);
  });

  it('keeps every kind of record the API keeps: contacts, stage moves, activities, tasks, quotes through approval, orders, wins and losses', () => {
    const types = new Set(first.log.map((event) => event.type));
    expect(
      [
        'ContactAdded',
        'OpportunityOpened',
        'OpportunityStageChanged',
        'ActivityLogged',
        'TaskCreated',
        'TaskCompleted',
        'QuoteDrafted',
        'QuoteLineAdded',
        'QuoteSubmittedForApproval',
        'QuoteRejected',
        'QuoteApproved',
        'QuoteSent',
        'QuoteAccepted',
        'QuoteDeclined',
        'OrderPlaced',
        'OrderApproved',
        'OrderFulfilled',
        'OpportunityWon',
        'OpportunityLost',
      ].filter((type) => !types.has(type)),
    ).toEqual([]);
  });

  it("wins and loses in the data set's proportions (within 5 points)", () => {
    const { counts } = planCrmSalesImport(DATA_SET);
    const generated = share(first.report.won, first.report.won + first.report.lost);
    expect(Math.abs(generated - share(counts.opportunities.won, counts.opportunities.won + counts.opportunities.lost))).toBeLessThan(0.05);
  });

  it("leaves nothing for the API's process managers to do when they start from zero: every command they issue was run, with the same id", () => {
    expect(first.replayed).toBe(0);
  });

  it('counts in its report every event it appended', () => {
    expect(first.report.events).toBe(first.log.length);
  });

  it('opens as many opportunities as make about the events asked for (within 15 %)', async () => {
    const { report } = await generate(3, { events: 6000 });
    expect(Math.abs(report.events / 6000 - 1)).toBeLessThan(0.15);
  }, 180_000);
});
