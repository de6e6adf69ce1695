import { addDays, isCalendarDate, type Money } from '@ledger/event-sourcing/kernel';
import { type CsvRecord, csvError, csvRecords } from '@ledger/platform';
import { type ListProductRow, parseProductsCsv } from '../../product';
import { parseSalesTeamsCsv, type TeamMemberRow, teamMemberIdFor } from '../../team';
import { countryNames, matchVocabulary, SECTORS } from './vocabulary';

/** The texts of the four files of the "CRM sales opportunities" data set; the caller reads them. */
export type CrmSalesFiles = {
  readonly products: string;
  readonly accounts: string;
  readonly salesTeams: string;
  readonly pipeline: string;
};

/** `asOf` (YYYY-MM-DD) is the day the import stands on; without it, the latest date of the pipeline file. */
export type CrmSalesPlanOptions = { readonly asOf?: string };

/** The file an issue is about, as the data set names it. */
export type CrmSalesFile = 'sales_pipeline.csv' | 'accounts.csv' | 'products.csv' | 'sales_teams.csv';

/**
 * One row that needed cleaning or could not be imported, for one reason: a row with two problems has
 * two issues. `rule` is a stable kebab-case code to count and filter by; `problem` says what is wrong
 * with `value` (the field as written); `action` what the plan did about it. A row that is not
 * imported has `action` `ROW_SKIPPED` in each of its issues, and only the issues that made it
 * unimportable (cleaning a row that is skipped anyway is no news).
 */
export type ImportIssue = {
  readonly file: CrmSalesFile;
  readonly line: number;
  readonly rule: string;
  readonly field: string;
  readonly value: string;
  readonly problem: string;
  readonly action: string;
};

/**
 * A mapping applied to a whole class of rows that are not defects (the data set's model differs from
 * ours), with how many planned rows it touched: a reader of the report sees every decision that
 * shaped the import, not only the broken rows.
 */
export type ImportRule = { readonly rule: string; readonly applies: string; readonly count: number };

/**
 * An account of accounts.csv, cleaned. `annualRevenue` is in USD cents (the file says millions of
 * USD). `parentName` is the name of an earlier account of the plan (parents come first), or null.
 */
export type PlannedAccount = {
  readonly line: number;
  readonly name: string;
  readonly sector: string | null;
  readonly yearEstablished: number | null;
  readonly annualRevenue: Money | null;
  readonly employees: number | null;
  readonly officeLocation: string | null;
  readonly parentName: string | null;
};

/** Whether a planned opportunity is still open or was closed won or lost. */
export type OpportunityOutcome = 'open' | 'won' | 'lost';

/** Our pipeline stage of a planned opportunity: the data set's Engaging is our qualification stage. */
export type OpportunityStage = 'prospecting' | 'qualification';

/**
 * One importable row of sales_pipeline.csv. Dates are YYYY-MM-DD. `accountName` is the name of an
 * account of the plan, or null when the file names none (open rows only: the importer records them
 * on a placeholder account and lists them as needing one). `amount` is what the deal was worth while
 * open (its product's list price); `wonAmount` what it was won for (Won rows only).
 */
export type PlannedOpportunity = {
  readonly line: number;
  readonly sourceId: string;
  readonly agentUserId: string;
  readonly productCode: string;
  readonly productName: string;
  readonly accountName: string | null;
  readonly outcome: OpportunityOutcome;
  readonly stage: OpportunityStage;
  readonly openedOn: string;
  readonly closedOn: string | null;
  readonly expectedCloseDate: string;
  readonly amount: Money;
  readonly wonAmount: Money | null;
};

/** How many rows the plan holds, and how many rows of accounts.csv and sales_pipeline.csv it skipped. */
export type CrmSalesCounts = {
  readonly products: number;
  readonly teamMembers: number;
  readonly accounts: number;
  readonly opportunities: {
    readonly total: number;
    readonly open: number;
    readonly won: number;
    readonly lost: number;
  };
  readonly skipped: number;
};

/**
 * What importing the data set would do, decided before any command is sent: the rows to import,
 * each cleaned, and the report of every row that was cleaned or skipped, so that nothing is
 * dropped or changed silently.
 */
export type CrmSalesPlan = {
  readonly asOf: string;
  readonly products: ListProductRow[];
  readonly team: TeamMemberRow[];
  readonly accounts: PlannedAccount[];
  readonly opportunities: PlannedOpportunity[];
  readonly issues: ImportIssue[];
  readonly rules: ImportRule[];
  readonly counts: CrmSalesCounts;
};

/** The `action` of every issue that kept a row out of the plan. */
export const ROW_SKIPPED = 'row skipped';

/** The loss reason of a Lost row: the data set records none. */
export const LOST_REASON_NOT_RECORDED = 'not recorded in the source';

const ACCOUNT_COLUMNS = [
  'account',
  'sector',
  'year_established',
  'revenue',
  'employees',
  'office_location',
  'subsidiary_of',
] as const;

const PIPELINE_COLUMNS = [
  'opportunity_id',
  'sales_agent',
  'product',
  'account',
  'deal_stage',
  'engage_date',
  'close_date',
  'close_value',
] as const;

type Columns<C extends string> = { readonly [K in C]: number };
type Row<C extends string> = { readonly line: number; readonly cells: { readonly [K in C]: string } };

/**
 * The header and the rows of a file, each row's cells trimmed and named by column. The columns are
 * found by name, in any order and case; extra columns are ignored. A missing column throws (nothing
 * of the file can be read without it); a row with another number of fields than the header is
 * returned apart, to be reported and skipped, since its fields may have shifted.
 */
const readTable = <C extends string>(
  text: string,
  file: CrmSalesFile,
  columns: readonly C[],
): { rows: Row<C>[]; misshapen: CsvRecord[]; headerWidth: number } => {
  const [header, ...records] = csvRecords(text, file);
  if (header === undefined) throw new Error(`${file} is empty; it needs the header ${columns.join(',')}.`);
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const at = Object.fromEntries(
    columns.map((column) => {
      const index = names.indexOf(column);
      if (index < 0) throw csvError(file, header.line, `the header has no column ${column}`);
      return [column, index];
    }),
  ) as Columns<C>;
  const rows: Row<C>[] = [];
  const misshapen: CsvRecord[] = [];
  records.forEach((record) => {
    if (record.fields.length !== header.fields.length) {
      misshapen.push(record);
      return;
    }
    const cells = Object.fromEntries(columns.map((column) => [column, record.fields[at[column]].trim()]));
    rows.push({ line: record.line, cells: cells as { [K in C]: string } });
  });
  return { rows, misshapen, headerWidth: header.fields.length };
};

const misshapenIssue = (file: CrmSalesFile, record: CsvRecord, headerWidth: number): ImportIssue => ({
  file,
  line: record.line,
  rule: 'wrong-field-count',
  field: '*',
  value: record.fields.join(','),
  problem: `expected ${headerWidth} fields like the header, found ${record.fields.length}: the fields may have shifted`,
  action: ROW_SKIPPED,
});

const quote = (text: string): string => `'${text}'`;

/** Case and spaces ignored: 'Acme  corporation' and 'AcmeCorporation' name 'Acme Corporation'. */
const nameKey = (name: string): string => name.toLowerCase().replace(/\s+/g, '');

/** Letters and digits only, case ignored: 'GTXPro' and 'gtx-pro' name 'GTX Pro'. */
const productKey = (name: string): string => name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** 'M/D/YYYY' → 'YYYY-MM-DD', or null when it is not that or not a real day ('2/30/2017'). */
const isoDateOf = (text: string): string | null => {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (match === null) return null;
  const date = `${match[3]}-${match[1].padStart(2, '0')}-${match[2].padStart(2, '0')}`;
  return isCalendarDate(date) ? date : null;
};

const DAY_MS = 86_400_000;
const utcOf = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const daysBetween = (from: string, to: string): number => Math.round((utcOf(to) - utcOf(from)) / DAY_MS);
const later = (a: string, b: string): string => (a > b ? a : b);

/** The middle of the sorted values (the mean of the two middle ones for an even count), rounded half up. */
const roundedMedian = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
};

/** '1100.04' (millions of USD) → 110_004_000_000 cents: exact, by digits, never through a float. */
const revenueCentsOf = (text: string): number | null => {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (match === null) return null;
  const cents = Number(match[1]) * 100_000_000 + Number((match[2] ?? '').padEnd(2, '0')) * 1_000_000;
  return Number.isSafeInteger(cents) ? cents : null;
};

const wholeNumberOf = (text: string): number | null => {
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
};

/**
 * The latest readable engage date, or close date of a Won or Lost row, of the pipeline file, or null
 * if it has none. The close date of an open row is ignored, as the plan ignores it.
 */
const latestPipelineDate = (rows: readonly Row<(typeof PIPELINE_COLUMNS)[number]>[]): string | null =>
  rows.reduce<string | null>((latest, { cells }) => {
    const closed = cells.deal_stage === 'Won' || cells.deal_stage === 'Lost';
    const dates = [isoDateOf(cells.engage_date), closed ? isoDateOf(cells.close_date) : null];
    return dates.reduce<string | null>(
      (max, date) => (date !== null && (max === null || date > max) ? date : max),
      latest,
    );
  }, null);

type AccountDraft = Omit<PlannedAccount, 'parentName'> & { parentWritten: string; parentName: string | null };

/**
 * Reads accounts.csv into accounts ordered parents first, reporting every field it cleaned and every
 * row it skipped. Blank optional fields are null without an issue (the file simply does not know).
 */
const planAccounts = (
  text: string,
  asOf: string,
): { accounts: PlannedAccount[]; issues: ImportIssue[]; skipped: number } => {
  const file = 'accounts.csv';
  const { rows, misshapen, headerWidth } = readTable(text, file, ACCOUNT_COLUMNS);
  const issues: ImportIssue[] = misshapen.map((record) => misshapenIssue(file, record, headerWidth));
  const asOfYear = Number(asOf.slice(0, 4));
  const countries = countryNames();
  const drafts: AccountDraft[] = [];
  const byKey = new Map<string, AccountDraft>();

  rows.forEach(({ line, cells }) => {
    const note = (rule: string, field: string, value: string, problem: string, action: string): void => {
      issues.push({ file, line, rule, field, value, problem, action });
    };
    const name = cells.account;
    if (name === '') {
      note('account-name-missing', 'account', '', 'the account has no name to be found by', ROW_SKIPPED);
      return;
    }
    const first = byKey.get(nameKey(name));
    if (first !== undefined) {
      note(
        'duplicate-account',
        'account',
        name,
        `line ${first.line} already names the account ${quote(first.name)} (case and spaces ignored)`,
        ROW_SKIPPED,
      );
      return;
    }

    /** A sector or country: the vocabulary's spelling, corrected when exactly one known word is near. */
    const cleaned = (
      field: string,
      written: string,
      vocabulary: readonly string[],
      what: string,
      misspelt: string,
      unknown: string,
    ): string | null => {
      if (written === '') return null;
      const match = matchVocabulary(written, vocabulary);
      if (match.kind === 'known') {
        if (match.word !== written) {
          note(
            misspelt,
            field,
            written,
            `the ${what} ${quote(match.word)} written in another case`,
            `read as ${quote(match.word)}`,
          );
        }
        return match.word;
      }
      if (match.kind === 'near' && match.words.length === 1) {
        const [word] = match.words;
        note(
          misspelt,
          field,
          written,
          `not a known ${what}; a misspelling of ${quote(word)}`,
          `read as ${quote(word)}`,
        );
        return word;
      }
      const problem =
        match.kind === 'near'
          ? `not a known ${what}; within 2 edits of ${match.words.map(quote).join(' and ')}, so none is chosen`
          : `not a known ${what}, nor close to one`;
      note(unknown, field, written, problem, 'kept as written');
      return written;
    };
    const sector = cleaned('sector', cells.sector, SECTORS, 'sector', 'sector-misspelt', 'sector-unknown');
    const officeLocation = cleaned(
      'office_location',
      cells.office_location,
      countries,
      'country',
      'country-misspelt',
      'country-unknown',
    );

    let yearEstablished: number | null = null;
    if (cells.year_established !== '') {
      const year = wholeNumberOf(cells.year_established);
      if (year !== null && year >= 1800 && year <= asOfYear) yearEstablished = year;
      else {
        note(
          'invalid-year',
          'year_established',
          cells.year_established,
          `not a year from 1800 to ${asOfYear} (the year of ${asOf})`,
          'year established left empty',
        );
      }
    }

    let annualRevenue: Money | null = null;
    if (cells.revenue !== '') {
      const cents = revenueCentsOf(cells.revenue);
      if (cents !== null) annualRevenue = { amountMinor: cents, currency: 'USD' };
      else {
        note(
          'invalid-revenue',
          'revenue',
          cells.revenue,
          'not an amount of millions of USD with at most 2 decimals, such as 1100.04',
          'annual revenue left empty',
        );
      }
    }

    let employees: number | null = null;
    if (cells.employees !== '') {
      employees = wholeNumberOf(cells.employees);
      if (employees === null) {
        note('invalid-employees', 'employees', cells.employees, 'not a whole number of people', 'employees left empty');
      }
    }

    const draft: AccountDraft = {
      line,
      name,
      sector,
      yearEstablished,
      annualRevenue,
      employees,
      officeLocation,
      parentWritten: cells.subsidiary_of,
      parentName: null,
    };
    drafts.push(draft);
    byKey.set(nameKey(name), draft);
  });

  // Parents, in file order: a link that would close a loop is the one dropped, so the earlier rows keep theirs.
  const byName = new Map(drafts.map((draft) => [draft.name, draft]));
  const parentOf = new Map<AccountDraft, AccountDraft>();
  drafts.forEach((draft) => {
    const written = draft.parentWritten;
    if (written === '') return;
    const note = (rule: string, problem: string, action: string): void => {
      issues.push({ file, line: draft.line, rule, field: 'subsidiary_of', value: written, problem, action });
    };
    let parent = byName.get(written);
    if (parent === undefined) {
      parent = byKey.get(nameKey(written));
      if (parent === undefined) {
        note('unknown-parent', 'no account of accounts.csv has this name', 'parent dropped: imported without one');
        return;
      }
      note(
        'parent-name-variant',
        `the account ${quote(parent.name)} written differently (case or spaces)`,
        `read as ${quote(parent.name)}`,
      );
    }
    for (let ancestor: AccountDraft | undefined = parent; ancestor !== undefined; ancestor = parentOf.get(ancestor)) {
      if (ancestor === draft) {
        note(
          'parent-cycle',
          parent === draft
            ? 'the account names itself as its parent'
            : `${quote(parent.name)} is already, through its parents, a subsidiary of ${quote(draft.name)}`,
          'parent dropped: imported without one',
        );
        return;
      }
    }
    parentOf.set(draft, parent);
    draft.parentName = parent.name;
  });

  const depthOf = (draft: AccountDraft): number => {
    const parent = parentOf.get(draft);
    return parent === undefined ? 0 : depthOf(parent) + 1;
  };
  const accounts = drafts
    .map((draft) => ({ draft, depth: depthOf(draft) }))
    .sort((a, b) => a.depth - b.depth || a.draft.line - b.draft.line)
    .map(({ draft }): PlannedAccount => ({
      line: draft.line,
      name: draft.name,
      sector: draft.sector,
      yearEstablished: draft.yearEstablished,
      annualRevenue: draft.annualRevenue,
      employees: draft.employees,
      officeLocation: draft.officeLocation,
      parentName: draft.parentName,
    }));
  return { accounts, issues, skipped: rows.length + misshapen.length - drafts.length };
};

const STAGES: ReadonlyMap<string, { outcome: OpportunityOutcome; stage: OpportunityStage }> = new Map([
  ['Prospecting', { outcome: 'open', stage: 'prospecting' }],
  ['Engaging', { outcome: 'open', stage: 'qualification' }],
  ['Won', { outcome: 'won', stage: 'qualification' }],
  ['Lost', { outcome: 'lost', stage: 'qualification' }],
]);

type OpportunityDraft = Omit<PlannedOpportunity, 'expectedCloseDate'>;

/**
 * Reads sales_pipeline.csv against the planned products, team and accounts. Every check runs on
 * every row, so that a skipped row lists all that is wrong with it at once.
 */
const planOpportunities = (
  rows: readonly Row<(typeof PIPELINE_COLUMNS)[number]>[],
  products: readonly ListProductRow[],
  team: readonly TeamMemberRow[],
  accounts: readonly PlannedAccount[],
  asOf: string,
): { drafts: OpportunityDraft[]; issues: ImportIssue[]; wonDays: number[] } => {
  const file = 'sales_pipeline.csv';
  const issues: ImportIssue[] = [];
  const drafts: OpportunityDraft[] = [];
  const productByName = new Map(products.map((product) => [product.name, product]));
  const memberById = new Map(team.map((member) => [member.userId, member]));
  const accountByName = new Map(accounts.map((account) => [account.name, account]));
  const accountByKey = new Map(accounts.map((account) => [nameKey(account.name), account]));
  const firstLineOfId = new Map<string, number>();
  const wonDays: number[] = [];

  rows.forEach(({ line, cells }) => {
    const notes: ImportIssue[] = [];
    const refusals: ImportIssue[] = [];
    const note = (rule: string, field: string, value: string, problem: string, action: string): void => {
      notes.push({ file, line, rule, field, value, problem, action });
    };
    const refuse = (rule: string, field: string, value: string, problem: string): void => {
      refusals.push({ file, line, rule, field, value, problem, action: ROW_SKIPPED });
    };

    const sourceId = cells.opportunity_id;
    if (sourceId === '') refuse('opportunity-id-missing', 'opportunity_id', '', 'the row has no opportunity_id');
    else {
      const first = firstLineOfId.get(sourceId);
      if (first !== undefined) {
        refuse('duplicate-opportunity-id', 'opportunity_id', sourceId, `line ${first} has the same opportunity_id`);
      } else firstLineOfId.set(sourceId, line);
    }

    const agentName = cells.sales_agent;
    const member = agentName === '' ? undefined : memberById.get(teamMemberIdFor(agentName));
    if (member === undefined) {
      refuse(
        'unknown-agent',
        'sales_agent',
        agentName,
        agentName === '' ? 'the row names no sales agent' : 'no one of sales_teams.csv has this name',
      );
    } else if (member.name !== agentName) {
      note(
        'agent-name-variant',
        'sales_agent',
        agentName,
        `${quote(member.name)} of sales_teams.csv written differently`,
        `read as ${quote(member.name)}`,
      );
    }

    const productName = cells.product;
    let product = productByName.get(productName);
    if (product === undefined) {
      const candidates =
        productName === '' ? [] : products.filter((p) => productKey(p.name) === productKey(productName));
      if (candidates.length === 1) {
        product = candidates[0];
        note(
          'product-name-variant',
          'product',
          productName,
          `not a product of products.csv as written; ${quote(product.name)} has the same letters and digits`,
          `read as ${quote(product.name)}`,
        );
      } else {
        refuse(
          'unknown-product',
          'product',
          productName,
          candidates.length > 1
            ? `could be any of ${candidates.map((p) => quote(p.name)).join(', ')}`
            : productName === ''
              ? 'the row names no product'
              : 'no product of products.csv has this name, even ignoring case, spaces and punctuation',
        );
      }
    }

    const mapped = STAGES.get(cells.deal_stage);
    if (mapped === undefined) {
      refuse('unknown-stage', 'deal_stage', cells.deal_stage, 'not one of Prospecting, Engaging, Won, Lost');
    }
    const closed = mapped !== undefined && mapped.outcome !== 'open';

    const readDate = (field: 'engage_date' | 'close_date'): string | null => {
      const written = cells[field];
      if (written === '') return null;
      const date = isoDateOf(written);
      if (date === null) refuse('invalid-date', field, written, 'not a real day written M/D/YYYY');
      return date;
    };
    const engagedOn = readDate('engage_date');
    let closedOn: string | null = null;
    if (mapped !== undefined && !closed) {
      (['close_date', 'close_value'] as const).forEach((field) => {
        if (cells[field] !== '') {
          note(
            'open-row-with-close',
            field,
            cells[field],
            `a ${cells.deal_stage} deal is still open, so it has no ${field}`,
            `${field} ignored: imported open`,
          );
        }
      });
    } else {
      closedOn = readDate('close_date');
      if (closed && cells.close_date === '') {
        refuse('close-date-missing', 'close_date', '', `a ${cells.deal_stage} deal must say when it closed`);
      }
    }
    if (closed && engagedOn !== null && closedOn !== null && closedOn < engagedOn) {
      refuse(
        'close-before-engage',
        'close_date',
        cells.close_date,
        `closed before it was engaged (${cells.engage_date})`,
      );
    }

    let openedOn: string | null = engagedOn;
    if (cells.engage_date === '' && mapped !== undefined) {
      openedOn = closed ? closedOn : asOf;
      if (openedOn !== null) {
        note(
          'engage-date-missing',
          'engage_date',
          '',
          `a ${cells.deal_stage} deal without an engage_date: the file does not say when it was opened`,
          closed ? `opened on ${openedOn}, its close date` : `opened on ${openedOn}, the import's as-of date`,
        );
      }
    }

    let wonAmount: Money | null = null;
    if (mapped?.outcome === 'won') {
      const dollars = wholeNumberOf(cells.close_value);
      if (dollars === null || dollars === 0 || !Number.isSafeInteger(dollars * 100)) {
        refuse(
          'invalid-close-value',
          'close_value',
          cells.close_value,
          'a Won deal needs a positive whole number of dollars',
        );
      } else wonAmount = { amountMinor: dollars * 100, currency: 'USD' };
    } else if (mapped?.outcome === 'lost' && !/^0*$/.test(cells.close_value)) {
      note(
        'lost-row-with-close-value',
        'close_value',
        cells.close_value,
        'a Lost deal was not won for any amount',
        'close_value ignored: imported lost without a won amount',
      );
    }

    let accountName: string | null = null;
    const writtenAccount = cells.account;
    if (writtenAccount === '') {
      if (mapped !== undefined && !closed) {
        note(
          'account-missing',
          'account',
          '',
          `a ${cells.deal_stage} deal without an account`,
          'imported without an account: recorded on the placeholder account and listed as needing one',
        );
      } else if (closed) {
        refuse(
          'account-missing-on-closed-deal',
          'account',
          '',
          `a ${cells.deal_stage} deal must name the account it was closed with`,
        );
      }
    } else {
      const account = accountByName.get(writtenAccount) ?? accountByKey.get(nameKey(writtenAccount));
      if (account === undefined) {
        refuse('account-unknown', 'account', writtenAccount, 'no account of accounts.csv has this name');
      } else {
        accountName = account.name;
        if (account.name !== writtenAccount) {
          note(
            'account-name-variant',
            'account',
            writtenAccount,
            `the account ${quote(account.name)} written differently (case or spaces)`,
            `read as ${quote(account.name)}`,
          );
        }
      }
    }

    if (
      refusals.length > 0 ||
      mapped === undefined ||
      member === undefined ||
      product === undefined ||
      openedOn === null
    ) {
      issues.push(...refusals);
      return;
    }
    issues.push(...notes);
    if (mapped.outcome === 'won' && engagedOn !== null && closedOn !== null)
      wonDays.push(daysBetween(engagedOn, closedOn));
    drafts.push({
      line,
      sourceId,
      agentUserId: member.userId,
      productCode: product.productCode,
      productName: product.name,
      accountName,
      outcome: mapped.outcome,
      stage: mapped.stage,
      openedOn,
      closedOn: closed ? closedOn : null,
      amount: product.listPrices[0],
      wonAmount,
    });
  });
  return { drafts, issues, wonDays };
};

/**
 * Turns the four files of the "CRM sales opportunities" data set into an import plan: the products,
 * the team, the accounts (parents first) and one opportunity per importable pipeline row, each
 * cleaned, with a report of every row that needed cleaning (`issues`, with what was done) or could
 * not be imported (`issues` with action `ROW_SKIPPED`), and of the mappings applied to whole classes
 * of rows (`rules`). Nothing of the files is dropped or changed without an issue or a rule saying so.
 *
 * Pure, so that the plan can be tested and shown before anything is written: no I/O, no clock
 * (`asOf` is the option, else the latest date of the pipeline file), same files → equal plan.
 * Throws for what no row can be read without: a missing column (naming the file and the column),
 * an empty file, no asOf to be had, and anything `parseProductsCsv` or `parseSalesTeamsCsv` refuse.
 */
export const planCrmSalesImport = (files: CrmSalesFiles, options: CrmSalesPlanOptions = {}): CrmSalesPlan => {
  const products = parseProductsCsv(files.products);
  const team = parseSalesTeamsCsv(files.salesTeams).members;
  const pipeline = readTable(files.pipeline, 'sales_pipeline.csv', PIPELINE_COLUMNS);

  let asOf: string;
  if (options.asOf !== undefined) {
    if (!isCalendarDate(options.asOf))
      throw new Error(`asOf must be a YYYY-MM-DD date; got ${JSON.stringify(options.asOf)}.`);
    asOf = options.asOf;
  } else {
    const latest = latestPipelineDate(pipeline.rows);
    if (latest === null) {
      throw new Error('sales_pipeline.csv has no readable engage_date or close_date to date the import by; pass asOf.');
    }
    asOf = latest;
  }

  const planned = planAccounts(files.accounts, asOf);
  const {
    drafts,
    issues: pipelineIssues,
    wonDays,
  } = planOpportunities(pipeline.rows, products, team, planned.accounts, asOf);
  const misshapen = pipeline.misshapen.map((record) =>
    misshapenIssue('sales_pipeline.csv', record, pipeline.headerWidth),
  );

  const medianDays = roundedMedian(wonDays) ?? 0;
  const opportunities = drafts.map((draft): PlannedOpportunity => ({
    ...draft,
    expectedCloseDate: draft.closedOn ?? later(addDays(draft.openedOn, medianDays), asOf),
  }));

  const open = opportunities.filter((o) => o.outcome === 'open').length;
  const won = opportunities.filter((o) => o.outcome === 'won').length;
  const lost = opportunities.filter((o) => o.outcome === 'lost').length;
  const byLine = (a: ImportIssue, b: ImportIssue): number => a.line - b.line;
  const issues = [...planned.issues.sort(byLine), ...[...misshapen, ...pipelineIssues].sort(byLine)];

  const rules: ImportRule[] = [
    {
      rule: 'deal-stage-mapping',
      applies:
        "deal_stage Prospecting → open in stage 'prospecting'; Engaging → open in stage 'qualification' (the data set's Engaging is our qualification stage); Won and Lost → closed won or lost from stage 'qualification'",
      count: opportunities.length,
    },
    {
      rule: 'amount-at-open-is-list-price',
      applies:
        "the file has no deal amount before close: an opportunity is opened for its product's list price of products.csv",
      count: opportunities.length,
    },
    {
      rule: 'won-amount-is-close-value',
      applies: 'a Won deal is won for its close_value, whole USD, in cents',
      count: won,
    },
    {
      rule: 'lost-reason-not-recorded',
      applies: `the file has no loss reason: a Lost deal is lost with the reason '${LOST_REASON_NOT_RECORDED}'`,
      count: lost,
    },
    {
      rule: 'expected-close-is-close-date',
      applies: 'a closed deal was expected to close on the day it closed',
      count: won + lost,
    },
    {
      rule: 'expected-close-from-won-median',
      applies: `an open deal is expected to close ${medianDays} days after it was opened (the median days from engage to close of the ${wonDays.length} Won deals with both dates, rounded), but not before ${asOf}`,
      count: open,
    },
    {
      rule: 'revenue-in-millions',
      applies: "accounts.csv revenue is millions of USD: converted by digits to cents ('1100.04' → 110,004,000,000)",
      count: planned.accounts.filter((a) => a.annualRevenue !== null).length,
    },
  ];

  return {
    asOf,
    products,
    team,
    accounts: planned.accounts,
    opportunities,
    issues,
    rules,
    counts: {
      products: products.length,
      teamMembers: team.length,
      accounts: planned.accounts.length,
      opportunities: { total: opportunities.length, open, won, lost },
      skipped: planned.skipped + pipeline.rows.length + pipeline.misshapen.length - opportunities.length,
    },
  };
};
