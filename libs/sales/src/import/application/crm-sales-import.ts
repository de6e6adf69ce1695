import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import {
  type Actor,
  aggregateStreams,
  type CommandContext,
  type CommandResult,
  derivedCommandId,
  type EventStore,
} from '@ledger/event-sourcing';
import { AccountAlreadyExistsError, type AccountProfile, handleAccount } from '../../account';
import { handleOpportunity, OpportunityAlreadyExistsError } from '../../opportunity';
import { handleProduct, ProductAlreadyExistsError } from '../../product';
import { handleTeamMember, TeamMemberAlreadyExistsError } from '../../team';
import { type CrmSalesFiles, type CrmSalesPlan, type ImportIssue, LOST_REASON_NOT_RECORDED, planCrmSalesImport } from '../crm-sales/crm-sales-plan';
import { type ImportCounts, importDecider, importEvents, type ImportedFile, type ImportIssueGroup } from '../domain';

const imports = aggregateStreams('import', importDecider, importEvents);
export const importStream = imports.stream;
export const loadImport = imports.load;

const NAMESPACE = '3f6c1d2a-8b4e-4f7a-9c0d-5e2f1a3b4c6d';
const SOURCE = 'crm-sales';

/** The account open deals without one are recorded on, so that every row is imported and can be found and corrected. */
export const UNKNOWN_ACCOUNT_ID = uuidv5(`${SOURCE}:account:unknown`, NAMESPACE);
export const UNKNOWN_ACCOUNT_NAME = 'Unknown account (imported without one)';

/** Ids derive from the source's own keys, so a second run of the same data targets the same records and appends nothing. */
const accountIdFor = (name: string): string => uuidv5(`${SOURCE}:account:${name.trim().toLowerCase()}`, NAMESPACE);
export const importedOpportunityId = (sourceId: string): string => uuidv5(`${SOURCE}:opportunity:${sourceId}`, NAMESPACE);

/** The four files as a folder of the data set names them. */
export const CRM_SALES_FILE_NAMES: Readonly<Record<keyof CrmSalesFiles, string>> = {
  products: 'products.csv',
  accounts: 'accounts.csv',
  salesTeams: 'sales_teams.csv',
  pipeline: 'sales_pipeline.csv',
};

export const readCrmSalesFolder = (folder: string): CrmSalesFiles => ({
  products: readFileSync(join(folder, CRM_SALES_FILE_NAMES.products), 'utf8'),
  accounts: readFileSync(join(folder, CRM_SALES_FILE_NAMES.accounts), 'utf8'),
  salesTeams: readFileSync(join(folder, CRM_SALES_FILE_NAMES.salesTeams), 'utf8'),
  pipeline: readFileSync(join(folder, CRM_SALES_FILE_NAMES.pipeline), 'utf8'),
});

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The import of these files: the same content is the same import, whoever sends it and however often. */
export function describeImport(files: CrmSalesFiles): { importId: string; files: ImportedFile[] } {
  const described = (Object.keys(CRM_SALES_FILE_NAMES) as (keyof CrmSalesFiles)[]).map((key) => ({
    name: CRM_SALES_FILE_NAMES[key],
    sha256: sha256(files[key]),
    rows: Math.max(0, files[key].split(/\r?\n/).filter((line) => line.trim() !== '').length - 1),
  }));
  return { importId: uuidv5(`${SOURCE}:${described.map((file) => file.sha256).join(':')}`, NAMESPACE), files: described };
}

export type ImportPhase = 'products' | 'team' | 'accounts' | 'opportunities' | 'done';
export type ImportProgress = { readonly phase: ImportPhase; readonly done: number; readonly total: number; readonly events: number };

export type ImportReport = {
  readonly importId: string;
  readonly source: string;
  readonly asOf: string;
  readonly files: readonly ImportedFile[];
  readonly counts: ImportCounts;
  readonly issues: readonly ImportIssueGroup[];
  readonly rules: CrmSalesPlan['rules'];
  /** Events appended by this run (0 when the same import ran before). */
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
};

export type ImportOptions = {
  readonly actor: Actor;
  readonly now?: () => Date;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Opportunities imported at once: their appends share group commits. */
  readonly concurrency?: number;
};

/** Issues of the same file, rule, field and value, with every line they were found on. */
export function groupIssues(issues: readonly ImportIssue[]): ImportIssueGroup[] {
  const groups = new Map<string, { file: string; rule: string; field: string; value: string; problem: string; action: string; lines: number[] }>();
  for (const issue of issues) {
    const key = JSON.stringify([issue.file, issue.rule, issue.field, issue.value]);
    const group = groups.get(key);
    if (group) group.lines.push(issue.line);
    else groups.set(key, { file: issue.file, rule: issue.rule, field: issue.field, value: issue.value, problem: issue.problem, action: issue.action, lines: [issue.line] });
  }
  return [...groups.values()];
}

type Tally = { made: number; alreadyThere: number };
const tally = (): Tally => ({ made: 0, alreadyThere: 0 });

/**
 * Imports the CRM sales data set by sending real commands down the same command path as the API:
 * the catalogue, the team directory, the accounts (parents first, and the placeholder account for
 * open deals that name none), then every opportunity — opened on its engage date at the list price
 * of its product, then won for its close value or lost, on its close date. Each command's id
 * derives from the source row, so the history it makes is ordinary history, and a second run
 * appends nothing. The import itself is recorded (`import-<id>`) with its files' hashes and report.
 */
export async function importCrmSales(store: EventStore, files: CrmSalesFiles, options: ImportOptions): Promise<ImportReport> {
  const started = process.hrtime.bigint();
  const now = options.now ?? (() => new Date());
  const plan = planCrmSalesImport(files);
  const { importId, files: described } = describeImport(files);
  let events = 0;
  /** Row commands' ids derive from the row, not from the files: a later file with more rows or new outcomes adds only what is new. */
  const context = (key: string): CommandContext => {
    const commandId = derivedCommandId(`${SOURCE}/${key}`, 'import');
    return { commandId, correlationId: importId, causationId: importId, actor: options.actor, occurredAt: now().toISOString() };
  };
  /** Runs one command; a record made by someone else earlier (the demo seeds) counts as already there. */
  const send = async (counter: Tally, run: () => Promise<CommandResult>, alreadyThere: (error: unknown) => boolean): Promise<void> => {
    try {
      const result = await run();
      events += result.appended;
      if (result.appended > 0) counter.made += 1;
      else counter.alreadyThere += 1;
    } catch (error) {
      if (!alreadyThere(error)) throw error;
      counter.alreadyThere += 1;
    }
  };
  const progress = (phase: ImportPhase, done: number, total: number) => options.onProgress?.({ phase, done, total, events });

  const start = await imports.handle(store, importId, { type: 'StartImport', importId, source: SOURCE, files: described, asOf: plan.asOf }, context(`${importId}/start`));
  events += start.appended;

  const counts = { products: tally(), teamMembers: tally(), accounts: tally(), opportunities: tally(), closed: tally() };
  progress('products', 0, plan.products.length);
  for (const product of plan.products) {
    await send(counts.products, () => handleProduct(store, { type: 'ListProduct', ...product }, context(`product/${product.productCode}`)), (e) => e instanceof ProductAlreadyExistsError);
  }
  progress('team', 0, plan.team.length);
  for (const member of plan.team) {
    await send(counts.teamMembers, () => handleTeamMember(store, { type: 'AddTeamMember', ...member }, context(`member/${member.userId}`)), (e) => e instanceof TeamMemberAlreadyExistsError);
  }

  const accountIds = new Map(plan.accounts.map((account) => [account.name, accountIdFor(account.name)]));
  progress('accounts', 0, plan.accounts.length + 1);
  const register = (accountId: string, profile: AccountProfile & { readonly name: string }) =>
    send(
      counts.accounts,
      () => handleAccount(store, { type: 'RegisterAccount', accountId, ...profile }, context(`account/${accountId}`)),
      (e) => e instanceof AccountAlreadyExistsError,
    );
  if (plan.opportunities.some((opportunity) => opportunity.accountName === null)) {
    await register(UNKNOWN_ACCOUNT_ID, { name: UNKNOWN_ACCOUNT_NAME, sector: null, yearEstablished: null, annualRevenue: null, employees: null, officeLocation: null, parentAccountId: null });
  }
  for (const account of plan.accounts) {
    const { line: _line, parentName, name, ...profile } = account;
    await register(accountIds.get(name)!, { name, ...profile, parentAccountId: parentName === null ? null : accountIds.get(parentName)! });
  }

  let done = 0;
  const total = plan.opportunities.length;
  progress('opportunities', 0, total);
  const importOne = async (row: CrmSalesPlan['opportunities'][number]): Promise<void> => {
    const opportunityId = importedOpportunityId(row.sourceId);
    const accountId = row.accountName === null ? UNKNOWN_ACCOUNT_ID : accountIds.get(row.accountName)!;
    await send(
      counts.opportunities,
      () =>
        handleOpportunity(
          store,
          {
            type: 'OpenOpportunity',
            opportunityId,
            title: `${row.productName} for ${row.accountName ?? 'an unknown account'} (${row.sourceId})`,
            accountId,
            accountName: row.accountName ?? UNKNOWN_ACCOUNT_NAME,
            ownerId: row.agentUserId,
            amount: row.amount,
            expectedCloseDate: row.expectedCloseDate,
            source: 'other',
            productInterest: row.productName,
            stage: row.stage,
            openedOn: row.openedOn,
          },
          context(`opportunity/${row.sourceId}/open`),
        ),
      (e) => e instanceof OpportunityAlreadyExistsError,
    );
    if (row.outcome !== 'open') {
      const close = context(`opportunity/${row.sourceId}/close`);
      const command =
        row.outcome === 'won'
          ? ({ type: 'MarkWon', opportunityId, amount: row.wonAmount!, closedOn: row.closedOn! } as const)
          : ({ type: 'MarkLost', opportunityId, reason: LOST_REASON_NOT_RECORDED, competitor: null, closedOn: row.closedOn! } as const);
      await send(counts.closed, () => handleOpportunity(store, command, close), () => false);
    }
    done += 1;
    if (done % 200 === 0 || done === total) progress('opportunities', done, total);
  };
  const queue = [...plan.opportunities];
  const workers = Array.from({ length: Math.min(options.concurrency ?? 64, Math.max(1, queue.length)) }, async () => {
    for (let row = queue.shift(); row !== undefined; row = queue.shift()) await importOne(row);
  });
  await Promise.all(workers);

  const issues = groupIssues(plan.issues);
  const countsMade: ImportCounts = counts;
  const completion = await imports.handle(
    store,
    importId,
    { type: 'CompleteImport', importId, counts: countsMade, issues, rules: plan.rules, events },
    context(`${importId}/complete`),
  );
  events += completion.appended;
  progress('done', total, total);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    importId,
    source: SOURCE,
    asOf: plan.asOf,
    files: described,
    counts: countsMade,
    issues,
    rules: plan.rules,
    events,
    seconds: Math.round(seconds * 100) / 100,
    eventsPerSecond: seconds > 0 ? Math.round(events / seconds) : events,
  };
}

/**
 * The people whose demo tokens a new user gets: the manager whose team won the most in the data
 * set, and that manager's rep who won the most, so that team-scoped views show data at once.
 */
export function demoPeople(files: CrmSalesFiles): { managerId: string; repId: string } {
  const plan = planCrmSalesImport(files);
  const won = new Map<string, number>();
  for (const row of plan.opportunities) if (row.wonAmount) won.set(row.agentUserId, (won.get(row.agentUserId) ?? 0) + row.wonAmount.amountMinor);
  const reps = plan.team.filter((member) => member.role === 'rep');
  const teamWon = (managerId: string): number => reps.filter((rep) => rep.managerId === managerId).reduce((sum, rep) => sum + (won.get(rep.userId) ?? 0), 0);
  const best = <T>(items: readonly T[], score: (item: T) => number): T => items.reduce((a, b) => (score(b) > score(a) ? b : a));
  const manager = best(plan.team.filter((member) => member.role === 'manager'), (member) => teamWon(member.userId));
  const rep = best(reps.filter((member) => member.managerId === manager.userId), (member) => won.get(member.userId) ?? 0);
  return { managerId: manager.userId, repId: rep.userId };
}
