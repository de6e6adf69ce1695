import type { ICommand } from '@nestjs/cqrs';
import type { Actor, AllEvent, CommandContext, CommandResult, EventStore, RecordedEvent } from '@ledger/event-sourcing';
import type { ApprovalSettings } from '@ledger/platform';
import { handleAccount } from '../account';
import { ACTIVITY_KINDS, type ActivityKind, handleActivity } from '../activity';
import { type CrmSalesFiles, type PlannedOpportunity, planCrmSalesImport } from '../import';
import { handleOpportunity, OpportunityCommandMessage, type OpportunitySource, STAGES } from '../opportunity';
import { handleOrder, orderStream } from '../order';
import {
  FollowQuoteTotalCommand,
  FollowQuoteTotalHandler,
  KeepOnLiveAccountCommand,
  nextStepTaskIdFor,
  orderIdForQuote,
  PlaceOrderOfAcceptedQuoteCommand,
  PlaceOrderOfAcceptedQuoteHandler,
  salesProcesses,
} from '../processes';
import { handleProduct } from '../product';
import { AddLineCommand, AddLineHandler, DraftQuoteCommand, DraftQuoteHandler, handleQuote, loadQuote, quoteApprovalPolicy } from '../quote';
import { handleTask, TaskCommandMessage } from '../task';
import { handleTeamMember } from '../team';
import { SeededRandom } from './seeded-random';

export type HistoryOptions = {
  /** The same seed gives the same history: every id, time and choice is drawn from it. */
  readonly seed: number;
  /** How many opportunities are opened over the two years; 100,000 when neither this nor `events` is given. */
  readonly opportunities?: number;
  /** Instead of a count of opportunities: open as many as make about this many events. */
  readonly events?: number;
  /** The CRM sales data set: its team and catalogue, and the outcomes, deal sizes and cycle lengths sampled. */
  readonly dataSet: CrmSalesFiles;
  /** The approval limits the quotes are submitted and the orders placed under (the API's configuration). */
  readonly approvals: ApprovalSettings;
  /** Opportunities whose steps of a day run at once: their appends share group commits. */
  readonly concurrency?: number;
  readonly onProgress?: (progress: HistoryProgress) => void;
};

export type HistoryProgress = { readonly day: number; readonly days: number; readonly opportunities: number; readonly events: number };

export type HistoryReport = {
  readonly seed: number;
  readonly from: string;
  readonly to: string;
  readonly opportunities: number;
  readonly accounts: number;
  readonly contacts: number;
  /** Closed within the two years (a sale whose order is withheld is counted as won here). */
  readonly won: number;
  readonly lost: number;
  readonly open: number;
  readonly quotes: number;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
};

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Two years of business: 2024-01-01 (a Monday) to 2025-12-31. */
const START = Date.UTC(2024, 0, 1);
const DAYS = 731;
export const HISTORY_FROM = '2024-01-01';
export const HISTORY_TO = '2025-12-31';
const DEFAULT_OPPORTUNITIES = 100_000;
const OPPORTUNITIES_PER_ACCOUNT = 100;
const DEFAULT_CONCURRENCY = 256;
/**
 * Deals opened in a stretch of days whose steps run together (their appends share group commits):
 * at least a week, long enough for about this many deals. The log is in the order of these stretches,
 * each deal's own steps in their order.
 */
const DEALS_AT_ONCE = 2_000;

const SOURCES: readonly (readonly [OpportunitySource, number])[] = [
  ['web', 30],
  ['referral', 15],
  ['email', 15],
  ['phone', 10],
  ['event', 10],
  ['partner', 10],
  ['social', 5],
  ['other', 5],
];
const KIND_WEIGHTS: Readonly<Record<ActivityKind, number>> = { call: 40, email: 35, meeting: 20, note: 5 };
const LOST_REASONS: readonly (readonly [string, number])[] = [['price', 30], ['competitor', 25], ['timing', 20], ['no budget', 15], ['no decision', 10]];
const COMPETITORS = ['Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay'];
const NAME_STARTS = ['Nord', 'Blue', 'Silver', 'Green', 'Red', 'Iron', 'Bright', 'Clear', 'Swift', 'Stone', 'Oak', 'Sun', 'Star', 'Lake', 'High', 'True'];
const NAME_ENDS = ['wind', 'field', 'bridge', 'point', 'gate', 'wave', 'line', 'peak', 'brook', 'ridge', 'haven', 'works', 'core', 'path'];
const NAME_KINDS = ['Systems', 'Industries', 'Holdings', 'Labs', 'Group', 'Partners', 'Logistics', 'Health', 'Media', 'Foods', 'Energy', 'Retail'];
const FIRST_NAMES = ['Ada', 'Ben', 'Chloé', 'Dmitri', 'Eve', 'Farid', 'Grace', 'Hugo', 'Inès', 'Jun', 'Kofi', 'Lena', 'Mateo', 'Nia', 'Omar', 'Priya'];
const LAST_NAMES = ['Smith', 'Jones', 'Müller', 'García', 'Rossi', 'Kim', 'Nowak', 'Silva', 'Dubois', 'Tanaka', 'Okafor', 'Larsen', 'Haddad', 'Singh'];
const TITLES = ['Buyer', 'Head of Procurement', 'CTO', 'Operations Manager', 'CFO', 'IT Director'];
const ACTIVITY_OUTCOMES = ['interested', 'needs a follow-up', 'sent the brochure', 'asked for pricing', null];

const isoAt = (ms: number): string => new Date(ms).toISOString();
const dateAt = (ms: number): string => isoAt(ms).slice(0, 10);
const dayOf = (ms: number): number => Math.floor((ms - START) / DAY_MS);
const isWeekend = (day: number): boolean => [0, 6].includes(new Date(START + day * DAY_MS).getUTCDay());
const businessDayFrom = (day: number): number => (isWeekend(day) ? businessDayFrom(day + 1) : day);
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

type Account = { readonly accountId: string; readonly name: string; readonly contactIds: readonly string[] };
/** One thing done on a deal at one instant; every id and choice it needs was drawn when it was planned. */
type Step = { readonly opportunity: number; readonly run: () => Promise<void> };
/** What a planned deal does at a day of its life: `draw` takes the instant, draws what it needs, and returns the run. */
type Action = {
  readonly offset: number;
  readonly events: number;
  readonly minutes: number;
  /** The action that wins or loses the deal. */
  readonly closes: boolean;
  readonly draw: (at: number) => () => Promise<void>;
};
type Outcome = { readonly outcome: 'won' | 'lost'; readonly quoted: boolean };

/**
 * A realistic history through the real command path, in process: the seeded team and catalogue,
 * accounts with contacts, then opportunities opened over two years of business days by their
 * owners, moved through the stages, with activities (whose next steps become tasks), tasks done or
 * not, quotes drafted, priced, submitted (approved by policy or by the rep's manager, some rejected
 * first), sent, then accepted (the process managers place and approve the order and win the
 * opportunity, as in the API) or declined, orders fulfilled, deals won and lost. Outcomes, deal
 * sizes, products, owners and cycle lengths are sampled from the closed deals of the CRM data set;
 * a deal whose cycle ends after the two years stays open. Every id and time comes from the seed:
 * the same seed appends the same events in the same order (only the store's `recordedAt` differs).
 */
export async function generateHistory(store: EventStore, options: HistoryOptions): Promise<HistoryReport> {
  const started = process.hrtime.bigint();
  const plan = planCrmSalesImport(options.dataSet);
  const deals = plan.opportunities.filter((row) => row.outcome !== 'open' && row.closedOn !== null);
  const listPrices = new Map(plan.products.map((product) => [product.productCode, product.listPrices[0].amountMinor]));
  const managerOf = new Map(plan.team.map((member) => [member.userId, member.managerId]));
  const processes = salesProcesses({ approvals: options.approvals, assignment: { rule: 'round-robin', followUpDueDays: 2 } });
  const quotePolicy = quoteApprovalPolicy({ approvals: options.approvals });
  const placeOrder = new PlaceOrderOfAcceptedQuoteHandler(store);
  const followQuoteTotal = new FollowQuoteTotalHandler(store);
  const draftQuote = new DraftQuoteHandler(store);
  const addLine = new AddLineHandler(store);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const rng = new SeededRandom(options.seed);
  let events = 0;

  // ---- the command path, with the process managers that follow it as the API runs them ----
  const isAllEvent = (event: RecordedEvent): event is AllEvent => event.position !== undefined;
  const react = async (recorded: readonly RecordedEvent[]): Promise<void> => {
    for (const event of recorded.filter(isAllEvent)) {
      // A second after its cause, in the history's time, not the clock's.
      const occurredAt = isoAt(Date.parse(event.metadata.occurredAt) + 1000);
      for (const process of processes) {
        if (!process.handles.has(event.type)) continue;
        for (const command of process.react(event)) await dispatch(command, occurredAt);
      }
    }
  };
  const send = async (pending: Promise<CommandResult | null>): Promise<void> => {
    const result = await pending;
    if (result === null || result.appended === 0) return;
    events += result.appended;
    await react(await store.readStream(result.streamName, { fromRevision: result.revision - result.appended + 1 }));
  };
  const dispatch = async (command: ICommand, occurredAt: string): Promise<void> => {
    const timed = (context: CommandContext): CommandContext => ({ ...context, occurredAt });
    if (command instanceof OpportunityCommandMessage) return send(handleOpportunity(store, command.command, timed(command.context)));
    if (command instanceof TaskCommandMessage) return send(handleTask(store, command.command, timed(command.context)));
    if (command instanceof FollowQuoteTotalCommand) {
      return send(followQuoteTotal.execute(new FollowQuoteTotalCommand(command.quoteId, command.netMinor, timed(command.context))));
    }
    if (command instanceof PlaceOrderOfAcceptedQuoteCommand) {
      // The handler answers nothing: what it placed is read from the order's stream (empty when it withheld the order).
      await placeOrder.execute(new PlaceOrderOfAcceptedQuoteCommand(command.placing, timed(command.context)));
      const placed = await store.readStream(orderStream(command.placing.orderId));
      events += placed.length;
      return react(placed);
    }
    // It acts only on an opportunity opened on a merged account, and the generator merges none.
    if (command instanceof KeepOnLiveAccountCommand) return;
    throw new Error(`the history generator cannot run ${command.constructor.name}, which a process manager issued`);
  };
  const contextFor = (random: SeededRandom, actor: Actor, at: number, correlationId: string): CommandContext => {
    const commandId = random.uuid();
    return { commandId, correlationId, causationId: commandId, actor, occurredAt: isoAt(at) };
  };

  /**
   * The life of one deal, sampled from a closed deal of the data set, as actions at days after it
   * is opened; `random` draws every choice, so planning alone (no store) tells how many events it makes.
   */
  const planDeal = (random: SeededRandom, accounts: readonly Account[]): { actions: Action[]; outcome: Outcome } => {
    const row: PlannedOpportunity = random.pick(deals);
    const ownerId = row.agentUserId;
    const rep: Actor = { userId: ownerId, role: 'rep' };
    const manager: Actor = { userId: managerOf.get(ownerId) ?? ownerId, role: 'manager' };
    const account = random.pick(accounts);
    const opportunityId = random.uuid();
    const correlationId = random.uuid();
    const cycle = Math.max(1, daysBetween(row.openedOn, row.closedOn!));
    const by = (actor: Actor, at: number): CommandContext => contextFor(random, actor, at, correlationId);
    const won = row.outcome === 'won';
    const finalStage = won ? STAGES.length - 1 : random.int(0, STAGES.length - 1);
    const quoted = won ? random.chance(0.85) : finalStage >= 3 && random.chance(0.6);
    const actions: Action[] = [];
    const act = (offset: number, eventCount: number, draw: Action['draw'], minutes = 1, closes = false): void => {
      actions.push({ offset, events: eventCount, minutes, closes, draw });
    };

    act(0, 1, (at) => {
      const context = by(rep, at);
      const source = random.weighted(SOURCES);
      const expected = dateAt(at + Math.max(1, cycle + random.int(-10, 20)) * DAY_MS);
      return () =>
        send(
          handleOpportunity(
            store,
            {
              type: 'OpenOpportunity',
              opportunityId,
              title: `${row.productName} for ${account.name}`,
              accountId: account.accountId,
              accountName: account.name,
              ownerId,
              amount: row.amount,
              expectedCloseDate: expected,
              source,
              productInterest: row.productName,
              openedOn: dateAt(at),
            },
            context,
          ),
        );
    });
    for (let k = 1; k <= finalStage; k += 1) {
      const stage = STAGES[k];
      act(Math.round((cycle * k) / (finalStage + 2)), 1, (at) => {
        const context = by(rep, at);
        return () => send(handleOpportunity(store, { type: 'ChangeStage', opportunityId, stage, reason: null }, context));
      });
    }
    if (random.chance(0.25)) {
      act(Math.round(cycle / 2), 1, (at) => {
        const context = by(rep, at);
        const slipped = dateAt(at + (cycle + random.int(5, 30)) * DAY_MS);
        return () => send(handleOpportunity(store, { type: 'UpdateOpportunityDetails', opportunityId, expectedCloseDate: slipped }, context));
      });
    }

    // Calls, e-mails and meetings through the life of the deal; about a third agree a next step, which becomes a task.
    for (let n = random.int(1, 4); n > 0; n -= 1) {
      const offset = random.int(0, cycle);
      const nextStepIn = random.chance(0.35) ? random.int(1, 7) : null;
      const activityId = random.uuid();
      act(offset, nextStepIn === null ? 1 : 2, (at) => {
        const context = by(rep, at);
        const kind = random.weighted(ACTIVITY_KINDS.map((k) => [k, KIND_WEIGHTS[k]] as const));
        const direction = random.weighted([['outbound', 7], ['inbound', 3]] as const);
        const duration = random.int(10, 60);
        const outcome = random.pick(ACTIVITY_OUTCOMES);
        const priority = random.weighted([['low', 2], ['normal', 6], ['high', 2]] as const);
        const contactId = random.pick(account.contactIds);
        const nextStep = nextStepIn === null ? null : { title: `Follow up with ${account.name}`, dueDate: dateAt(at + nextStepIn * DAY_MS), assigneeId: ownerId, priority };
        return () =>
          send(
            handleActivity(
              store,
              {
                type: 'LogActivity',
                activityId,
                kind,
                direction: kind === 'note' ? null : direction,
                occurredAt: isoAt(at - duration * MINUTE_MS),
                durationMinutes: kind === 'call' || kind === 'meeting' ? duration : null,
                subject: `${kind} with ${account.name}`,
                outcome,
                body: null,
                accountId: account.accountId,
                contactId,
                opportunityId,
                nextStep,
              },
              context,
            ),
          );
      });
      const fate = random.weighted([['complete', 8], ['cancel', 1], ['leave open', 1]] as const);
      if (nextStepIn !== null && fate !== 'leave open') {
        const taskId = nextStepTaskIdFor(activityId);
        act(offset + nextStepIn, 1, (at) => {
          const context = by(rep, at);
          return () => send(handleTask(store, fate === 'complete' ? { type: 'CompleteTask', taskId, outcome: 'done' } : { type: 'CancelTask', taskId, reason: 'no longer needed' }, context));
        });
      }
    }
    if (random.chance(0.3)) {
      const offset = random.int(0, cycle);
      const dueIn = random.int(2, 10);
      const taskId = random.uuid();
      act(offset, 1, (at) => {
        const context = by(rep, at);
        const priority = random.weighted([['low', 3], ['normal', 5], ['high', 2]] as const);
        const dueDate = dateAt(at + dueIn * DAY_MS);
        return () =>
          send(
            handleTask(
              store,
              { type: 'CreateTask', taskId, title: `Prepare the next meeting with ${account.name}`, assigneeId: ownerId, opportunityId, accountId: account.accountId, dueDate, priority, origin: { kind: 'manual' }, notes: null },
              context,
            ),
          );
      });
      if (random.chance(0.8)) {
        act(offset + dueIn, 1, (at) => {
          const context = by(rep, at);
          return () => send(handleTask(store, { type: 'CompleteTask', taskId, outcome: null }, context));
        });
      }
    }

    const quoteId = random.uuid();
    if (quoted) {
      // Priced as the data set's deal closed: the list price less a discount, or a price above list.
      const list = listPrices.get(row.productCode) ?? row.amount.amountMinor;
      const closing = won && row.wonAmount !== null ? row.wonAmount.amountMinor : Math.round(list * (1 - random.int(0, 15) / 100));
      const discountBp = closing < list ? Math.min(9500, Math.round((1 - closing / list) * 10_000)) : 0;
      const unitPriceMinor = closing > list ? closing : undefined;
      const lineId = random.uuid();
      const extra = random.chance(0.2) ? { lineId: random.uuid(), productCode: random.pick([...listPrices.keys()]), quantity: random.int(1, 3) } : null;
      const primary = random.chance(0.5);
      const rejectFirst = random.chance(0.25);
      // Drafted when about 60 % of the cycle is over, sent the next day at the latest on the closing day.
      const draftOn = Math.round(cycle * 0.6);
      act(draftOn, 6, (at) => {
        const step = (n: number, actor: Actor): CommandContext => by(actor, at + n * 5 * MINUTE_MS);
        const contexts = { draft: step(0, rep), primary: step(1, rep), line: step(2, rep), extra: step(3, rep), submit: step(4, rep), reject: step(10, manager), lower: step(11, rep), resubmit: step(12, rep), approve: step(14, manager) };
        const validUntil = dateAt(at + (cycle + 30) * DAY_MS);
        return async () => {
          await send(draftQuote.execute(new DraftQuoteCommand({ quoteId, opportunityId, validUntil, taxBp: 0 }, contexts.draft)));
          // Primary before it is priced: each line then moves the opportunity's amount, so the process manager's commands
          // all appended something, and the API's process managers, replaying them from the start of this log, recognise every one.
          if (primary) await send(handleQuote(store, { type: 'MarkQuotePrimary', quoteId }, contexts.primary));
          await send(addLine.execute(new AddLineCommand({ quoteId, lineId, productCode: row.productCode, quantity: 1, unitPriceMinor, discountBasisPoints: discountBp }, contexts.line)));
          if (extra) await send(addLine.execute(new AddLineCommand({ quoteId, ...extra }, contexts.extra)));
          await send(handleQuote(store, { type: 'SubmitQuote', quoteId, policy: quotePolicy }, contexts.submit));
          if ((await loadQuote(store, quoteId)).status !== 'pending-approval') return;
          if (rejectFirst) {
            // Sent back by the manager; the rep brings the discount within the policy and submits again.
            await send(handleQuote(store, { type: 'RejectQuote', quoteId, reason: 'discount above policy' }, contexts.reject));
            await send(handleQuote(store, { type: 'ChangeLine', quoteId, lineId, discountBasisPoints: Math.min(discountBp, quotePolicy.maxDiscountBp ?? 1000) }, contexts.lower));
            await send(handleQuote(store, { type: 'SubmitQuote', quoteId, policy: quotePolicy }, contexts.resubmit));
            if ((await loadQuote(store, quoteId)).status !== 'pending-approval') return;
          }
          await send(handleQuote(store, { type: 'ApproveQuote', quoteId }, contexts.approve));
        };
      }, 90);
      act(Math.min(draftOn + 1, cycle), 1, (at) => {
        const context = by(rep, at);
        return () => send(handleQuote(store, { type: 'SendQuote', quoteId }, context));
      });
    }

    if (won) {
      const fulfilIn = random.chance(0.8) ? random.int(3, 20) : null;
      act(cycle, quoted ? 4 : 1, (at) => {
        const context = by(rep, at);
        const closedOn = dateAt(at);
        // Accepted: the process managers place and approve the order, then win the deal.
        if (quoted) return () => send(handleQuote(store, { type: 'AcceptQuote', quoteId }, context));
        return () => send(handleOpportunity(store, { type: 'MarkWon', opportunityId, amount: row.wonAmount ?? row.amount, closedOn }, context));
      }, 1, true);
      if (quoted && fulfilIn !== null) {
        act(cycle + fulfilIn, 1, (at) => {
          const context = by(rep, at);
          return () => send(handleOrder(store, { type: 'FulfilOrder', orderId: orderIdForQuote(quoteId), fulfilledOn: dateAt(at) }, context));
        });
      }
    } else {
      act(cycle, quoted ? 2 : 1, (at) => {
        const reason = random.weighted(LOST_REASONS);
        const competitor = reason === 'competitor' || random.chance(0.2) ? random.pick(COMPETITORS) : null;
        const decline = by(rep, at);
        const lose = by(rep, at + MINUTE_MS);
        return async () => {
          if (quoted) await send(handleQuote(store, { type: 'DeclineQuote', quoteId, reason }, decline));
          await send(handleOpportunity(store, { type: 'MarkLost', opportunityId, reason, competitor, closedOn: dateAt(at) }, lose));
        };
      }, 2, true);
    }
    // In the order of their days; on one day, in the order they were planned.
    actions.sort((a, b) => a.offset - b.offset);
    return { actions, outcome: { outcome: won ? 'won' : 'lost', quoted } };
  };

  /** The instants of a deal's actions, one after another on business days; those past the two years are dropped (the deal stays open). */
  const schedule = (random: SeededRandom, openDay: number, actions: readonly Action[], onStep: (day: number, run: () => Promise<void>) => void): number => {
    let last = START + openDay * DAY_MS + random.int(8 * 60, 16 * 60) * MINUTE_MS - MINUTE_MS;
    let scheduled = 0;
    for (const action of actions) {
      const day = businessDayFrom(Math.max(openDay + action.offset, dayOf(last)));
      const at = Math.max(last + MINUTE_MS, START + day * DAY_MS + random.int(8 * 60, 17 * 60) * MINUTE_MS);
      if (dayOf(at) >= DAYS) break;
      last = at + action.minutes * MINUTE_MS;
      onStep(dayOf(at), action.draw(at));
      scheduled += 1;
    }
    return scheduled;
  };

  const businessDays = Array.from({ length: DAYS }, (_, day) => day).filter((day) => !isWeekend(day));
  const opportunityCount = options.events === undefined ? (options.opportunities ?? DEFAULT_OPPORTUNITIES) : opportunitiesForEvents(options.events);

  /** A pilot plan of sample deals (never run) tells how many events a deal makes on average. */
  function opportunitiesForEvents(target: number): number {
    const pilot = new SeededRandom(options.seed ^ 0x5eed);
    const accounts: Account[] = [{ accountId: 'pilot', name: 'pilot', contactIds: ['pilot'] }];
    const sample = 2000;
    let planned = 0;
    for (let i = 0; i < sample; i += 1) {
      const { actions } = planDeal(pilot, accounts);
      let counted = 0;
      schedule(pilot, pilot.pick(businessDays), actions, () => (counted += 1));
      planned += actions.slice(0, counted).reduce((sum, action) => sum + action.events, 0);
    }
    // Accounts and their contacts (two on average) come on top: three events per hundred deals.
    const perDeal = planned / sample + 3 / OPPORTUNITIES_PER_ACCOUNT;
    return Math.max(1, Math.round((target - plan.products.length - plan.team.length) / perDeal));
  }

  // ---- the directory, the catalogue and the accounts, on the first morning ----
  const setUp = rng.uuid();
  const system: Actor = { userId: 'system:generator', role: 'system' };
  let clock = START + 7 * 3600_000;
  for (const product of plan.products) await send(handleProduct(store, { type: 'ListProduct', ...product }, contextFor(rng, system, clock, setUp)));
  for (const member of plan.team) await send(handleTeamMember(store, { type: 'AddTeamMember', ...member }, contextFor(rng, system, clock, setUp)));
  const accounts: Account[] = [];
  const registrations: (() => Promise<void>)[] = [];
  const names = new Set<string>();
  for (let i = 0; i < Math.max(10, Math.ceil(opportunityCount / OPPORTUNITIES_PER_ACCOUNT)); i += 1) {
    const drawn = `${rng.pick(NAME_STARTS)}${rng.pick(NAME_ENDS)} ${rng.pick(NAME_KINDS)}`;
    const name = names.has(drawn) ? `${drawn} ${i}` : drawn;
    names.add(name);
    const { line: _line, parentName: _parent, name: _name, ...profile } = rng.pick(plan.accounts);
    const accountId = rng.uuid();
    clock += 1000;
    const register = contextFor(rng, system, clock, setUp);
    const domain = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const contacts = Array.from({ length: rng.int(1, 3) }, () => {
      const fullName = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
      const personal = { fullName, email: `${fullName.toLowerCase().replace(/[^a-z]+/g, '.')}@${domain}.example`, phone: `+1 555 ${String(rng.int(0, 9999)).padStart(4, '0')}` };
      return { contactId: rng.uuid(), personal, title: rng.pick(TITLES), context: contextFor(rng, system, clock, setUp) };
    });
    accounts.push({ accountId, name, contactIds: contacts.map((contact) => contact.contactId) });
    registrations.push(async () => {
      await send(handleAccount(store, { type: 'RegisterAccount', accountId, name, ...profile, parentAccountId: null }, register));
      for (const { contactId, personal, title, context } of contacts) {
        await send(handleAccount(store, { type: 'AddContact', accountId, contactId, personal, title, preferredChannel: null }, context));
      }
    });
  }
  await inParallel(registrations, concurrency);

  // ---- the deals, a stretch of days at a time: the stretch's steps of different deals run at once, a deal's own in order ----
  const openingsOn = new Array<number>(DAYS).fill(0);
  for (let i = 0; i < opportunityCount; i += 1) openingsOn[rng.pick(businessDays)] += 1;
  const stepsOn: Step[][] = Array.from({ length: DAYS }, () => []);
  const tally = { opportunities: 0, won: 0, lost: 0, open: 0, quotes: 0 };
  const daysAtOnce = Math.max(7, Math.ceil((DAYS * DEALS_AT_ONCE) / opportunityCount));
  for (let first = 0; first < DAYS; first += daysAtOnce) {
    const days = Array.from({ length: Math.min(daysAtOnce, DAYS - first) }, (_, k) => first + k);
    for (const day of days) {
      for (let n = 0; n < openingsOn[day]; n += 1) {
        const opportunity = tally.opportunities;
        tally.opportunities += 1;
        const { actions, outcome } = planDeal(rng, accounts);
        const scheduled = schedule(rng, day, actions, (stepDay, run) => stepsOn[stepDay].push({ opportunity, run }));
        // A deal whose close fell past the two years is still open.
        tally[scheduled > actions.findIndex((action) => action.closes) ? outcome.outcome : 'open'] += 1;
        if (outcome.quoted && scheduled > 0) tally.quotes += 1;
      }
    }
    const chains = new Map<number, Step[]>();
    for (const day of days) {
      for (const step of stepsOn[day]) {
        const chain = chains.get(step.opportunity);
        if (chain) chain.push(step);
        else chains.set(step.opportunity, [step]);
      }
      stepsOn[day] = [];
    }
    await inParallel(
      [...chains.values()].map((chain) => async () => {
        for (const step of chain) await step.run();
      }),
      concurrency,
    );
    options.onProgress?.({ day: days.at(-1)! + 1, days: DAYS, opportunities: tally.opportunities, events });
  }

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    seed: options.seed,
    from: HISTORY_FROM,
    to: HISTORY_TO,
    opportunities: tally.opportunities,
    accounts: accounts.length,
    contacts: accounts.reduce((sum, account) => sum + account.contactIds.length, 0),
    won: tally.won,
    lost: tally.lost,
    open: tally.open,
    quotes: tally.quotes,
    events,
    seconds: Math.round(seconds * 100) / 100,
    eventsPerSecond: seconds > 0 ? Math.round(events / seconds) : events,
  };
}

/** Runs the tasks, at most `limit` at a time, starting them in their order. */
async function inParallel(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next];
      next += 1;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
