import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  type CrmSalesFiles,
  type CrmSalesPlan,
  type ImportIssue,
  LOST_REASON_NOT_RECORDED,
  planCrmSalesImport,
  ROW_SKIPPED,
} from './crm-sales-plan';
import { countryNames, editDistance, matchVocabulary, SECTORS } from './vocabulary';

// The repository's copy of the data set (a clean clone has no ../shared).
const DATASET = path.resolve(__dirname, '../../../../../seed/crm-sales');
const read = (file: string): string => readFileSync(path.join(DATASET, file), 'utf8');

const realFiles = (): CrmSalesFiles => ({
  products: read('products.csv'),
  accounts: read('accounts.csv'),
  salesTeams: read('sales_teams.csv'),
  pipeline: read('sales_pipeline.csv'),
});

const PRODUCTS = 'product,series,sales_price\nGTX Pro,GTX,4821\nMG Special,MG,55\n';
const TEAMS = 'sales_agent,manager,regional_office\nAnna Snelling,Dustin Brinkmann,Central\n';
const ACCOUNTS_HEADER = 'account,sector,year_established,revenue,employees,office_location,subsidiary_of';
const ACME = 'Acme Corporation,technology,1996,1100.04,2822,United States,';
const PIPELINE_HEADER = 'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value';

/** A small data set: the default products, team and one account, with these pipeline and account rows. */
const small = (pipelineRows: readonly string[], accountRows: readonly string[] = [ACME]): CrmSalesFiles => ({
  products: PRODUCTS,
  salesTeams: TEAMS,
  accounts: [ACCOUNTS_HEADER, ...accountRows, ''].join('\n'),
  pipeline: [PIPELINE_HEADER, ...pipelineRows, ''].join('\n'),
});

/** A closed, clean pipeline row, so that each test adds only the row it is about. */
const WON = 'W1,Anna Snelling,GTX Pro,Acme Corporation,Won,1/2/2017,3/1/2017,4500';

const issuesOf = (plan: CrmSalesPlan, rule: string): ImportIssue[] => plan.issues.filter((i) => i.rule === rule);
const ruleCounts = (plan: CrmSalesPlan): Record<string, number> =>
  plan.issues.reduce<Record<string, number>>(
    (counts, { rule }) => ({ ...counts, [rule]: (counts[rule] ?? 0) + 1 }),
    {},
  );
const countOf = (plan: CrmSalesPlan, rule: string): number | undefined =>
  plan.rules.find((r) => r.rule === rule)?.count;

/** The error thrown by `planCrmSalesImport`, so that a test fails if none is thrown. */
const errorOf = (files: CrmSalesFiles, asOf?: string): Error => {
  try {
    planCrmSalesImport(files, { asOf });
  } catch (error) {
    return error as Error;
  }
  throw new Error('planCrmSalesImport did not throw');
};

describe('planCrmSalesImport on the real data set (seed/crm-sales)', () => {
  const plan = planCrmSalesImport(realFiles());
  const at = new Map(plan.opportunities.map((o) => [o.line, o]));

  it('stands on the latest date of the pipeline file', () => {
    expect(plan.asOf).toBe('2017-12-31');
  });

  it('plans every row: 7 products, 41 team members, 85 accounts, 8,800 opportunities, nothing skipped', () => {
    expect(plan.counts).toEqual({
      products: 7,
      teamMembers: 41,
      accounts: 85,
      opportunities: { total: 8_800, open: 2_089, won: 4_238, lost: 2_473 },
      skipped: 0,
    });
    expect(plan.issues.filter((i) => i.action === ROW_SKIPPED)).toEqual([]);
  });

  it('accounts for every line of the pipeline file, once, in opportunities or a skipping issue', () => {
    const skipped = plan.issues.filter((i) => i.file === 'sales_pipeline.csv' && i.action === ROW_SKIPPED);
    const lines = [...plan.opportunities.map((o) => o.line), ...skipped.map((i) => i.line)].sort((a, b) => a - b);
    expect(lines).toEqual(Array.from({ length: 8_800 }, (_, i) => i + 2));
    expect(new Set(plan.opportunities.map((o) => o.sourceId)).size).toBe(8_800);
  });

  it('reports exactly these cleanings, and nothing else', () => {
    expect(ruleCounts(plan)).toEqual({
      'sector-misspelt': 12,
      'country-misspelt': 1,
      'product-name-variant': 1_480,
      'account-missing': 1_425,
      'engage-date-missing': 500,
    });
    expect(plan.issues.filter((i) => i.file === 'accounts.csv').every((i) => i.rule.endsWith('-misspelt'))).toBe(true);
  });

  it("reads the 1,480 rows that say 'GTXPro' as 'GTX Pro'", () => {
    const variants = issuesOf(plan, 'product-name-variant');
    expect(variants).toHaveLength(1_480);
    expect(new Set(variants.map((i) => i.line)).size).toBe(1_480);
    expect(Math.min(...variants.map((i) => i.line))).toBeGreaterThanOrEqual(2);
    variants.forEach((issue) => {
      expect(issue).toMatchObject({
        file: 'sales_pipeline.csv',
        field: 'product',
        value: 'GTXPro',
        action: "read as 'GTX Pro'",
      });
      expect(at.get(issue.line)).toMatchObject({ productCode: 'GTX-PRO', productName: 'GTX Pro' });
    });
    expect(plan.opportunities.filter((o) => o.productCode === 'GTX-PRO')).toHaveLength(1_480);
  });

  it("reads the 12 accounts of sector 'technolgy' as 'technology'", () => {
    const misspelt = issuesOf(plan, 'sector-misspelt');
    expect(misspelt.map((i) => [i.value, i.action])).toEqual(Array(12).fill(['technolgy', "read as 'technology'"]));
    expect(
      plan.accounts
        .filter((a) => a.sector === 'technology')
        .map((a) => a.name)
        .sort(),
    ).toEqual([
      'Acme Corporation',
      'Bluth Company',
      'Conecom',
      'Doncon',
      'Donquadtech',
      'Globex Corporation',
      'Hottechi',
      'Iselectrics',
      'Konex',
      'Rangreen',
      'Rundofase',
      'Zencorporation',
    ]);
    expect(new Set(plan.accounts.map((a) => a.sector))).toEqual(
      new Set([
        'technology',
        'medical',
        'retail',
        'software',
        'entertainment',
        'marketing',
        'telecommunications',
        'finance',
        'employment',
        'services',
      ]),
    );
  });

  it("reads Bioholding's office 'Philipines' as 'Philippines', and knows 'Korea' as written", () => {
    expect(issuesOf(plan, 'country-misspelt')).toEqual([
      {
        file: 'accounts.csv',
        line: 5,
        rule: 'country-misspelt',
        field: 'office_location',
        value: 'Philipines',
        problem: "not a known country; a misspelling of 'Philippines'",
        action: "read as 'Philippines'",
      },
    ]);
    expect(plan.accounts.find((a) => a.name === 'Bioholding')?.officeLocation).toBe('Philippines');
    expect(issuesOf(plan, 'country-unknown')).toEqual([]);
    expect(plan.accounts.find((a) => a.name === 'Hottechi')?.officeLocation).toBe('Korea');
  });

  it('imports the 1,425 open rows without an account as needing one, and every closed row with its account', () => {
    const missing = issuesOf(plan, 'account-missing');
    expect(missing).toHaveLength(1_425);
    missing.forEach((issue) => expect(at.get(issue.line)).toMatchObject({ outcome: 'open', accountName: null }));
    expect(plan.opportunities.filter((o) => o.accountName === null)).toHaveLength(1_425);
    expect(plan.opportunities.filter((o) => o.outcome !== 'open' && o.accountName === null)).toEqual([]);
    expect(missing[0].action).toMatch(/placeholder account/);
  });

  it('opens the 500 Prospecting rows, which have no engage date, on the as-of date', () => {
    const missing = issuesOf(plan, 'engage-date-missing');
    expect(missing).toHaveLength(500);
    missing.forEach((issue) => {
      expect(issue.action).toContain('2017-12-31');
      expect(at.get(issue.line)).toMatchObject({ stage: 'prospecting', outcome: 'open', openedOn: '2017-12-31' });
    });
    expect(plan.opportunities.filter((o) => o.stage === 'prospecting')).toHaveLength(500);
  });

  it('maps Engaging to open qualification, Won and Lost to closed from qualification', () => {
    const tally = plan.opportunities.reduce<Record<string, number>>(
      (counts, o) => ({ ...counts, [`${o.outcome} ${o.stage}`]: (counts[`${o.outcome} ${o.stage}`] ?? 0) + 1 }),
      {},
    );
    expect(tally).toEqual({
      'open prospecting': 500,
      'open qualification': 1_589,
      'won qualification': 4_238,
      'lost qualification': 2_473,
    });
  });

  it('wins the 4,238 Won rows for their close values, 10,005,534 USD in all; Lost rows for nothing', () => {
    const won = plan.opportunities.filter((o) => o.outcome === 'won');
    expect(won.reduce((sum, o) => sum + (o.wonAmount?.amountMinor ?? Number.NaN), 0)).toBe(1_000_553_400);
    expect(won.every((o) => o.wonAmount?.currency === 'USD' && o.wonAmount.amountMinor > 0)).toBe(true);
    expect(plan.opportunities.filter((o) => o.outcome !== 'won' && o.wonAmount !== null)).toEqual([]);
    expect(at.get(2)).toMatchObject({ sourceId: '1C1I7A6R', wonAmount: { amountMinor: 105_400, currency: 'USD' } });
  });

  it("opens every deal for its product's list price", () => {
    const prices = new Map(plan.products.map((p) => [p.productCode, p.listPrices[0]]));
    plan.opportunities.forEach((o) => expect(o.amount).toEqual(prices.get(o.productCode)));
    expect(at.get(3)).toMatchObject({ productCode: 'GTX-PRO', amount: { amountMinor: 482_100, currency: 'USD' } });
  });

  it('reads the dates: engaged 2016-10-20..2017-12-27, closed 2017-03-01..2017-12-31, never closed before engaged', () => {
    const engaged = plan.opportunities
      .filter((o) => o.stage !== 'prospecting')
      .map((o) => o.openedOn)
      .sort();
    const closed = plan.opportunities.flatMap((o) => (o.closedOn === null ? [] : [o.closedOn])).sort();
    expect([engaged[0], engaged[engaged.length - 1]]).toEqual(['2016-10-20', '2017-12-27']);
    expect([closed[0], closed[closed.length - 1]]).toEqual(['2017-03-01', '2017-12-31']);
    expect(closed).toHaveLength(6_711);
    expect(plan.opportunities.filter((o) => o.closedOn !== null && o.closedOn < o.openedOn)).toEqual([]);
    expect(at.get(2)).toMatchObject({
      openedOn: '2016-10-20',
      closedOn: '2017-03-01',
      expectedCloseDate: '2017-03-01',
    });
  });

  it('expects open deals to close 57 days (the median of Won deals) after opening, not before the as-of date', () => {
    expect(plan.rules.find((r) => r.rule === 'expected-close-from-won-median')?.applies).toMatch(
      /57 days .* 4238 Won deals .* not before 2017-12-31/,
    );
    plan.opportunities.forEach((o) => {
      if (o.outcome !== 'open') expect(o.expectedCloseDate).toBe(o.closedOn);
      else {
        const plus57 = new Date(Date.parse(`${o.openedOn}T00:00:00Z`) + 57 * 86_400_000).toISOString().slice(0, 10);
        expect(o.expectedCloseDate).toBe(plus57 > '2017-12-31' ? plus57 : '2017-12-31');
      }
    });
    expect(plan.opportunities.find((o) => o.stage === 'prospecting')?.expectedCloseDate).toBe('2018-02-26');
  });

  it('states the rules applied to whole classes of rows, with their counts', () => {
    expect(plan.rules.map((r) => [r.rule, r.count])).toEqual([
      ['deal-stage-mapping', 8_800],
      ['amount-at-open-is-list-price', 8_800],
      ['won-amount-is-close-value', 4_238],
      ['lost-reason-not-recorded', 2_473],
      ['expected-close-is-close-date', 6_711],
      ['expected-close-from-won-median', 2_089],
      ['revenue-in-millions', 85],
    ]);
    expect(plan.rules.find((r) => r.rule === 'lost-reason-not-recorded')?.applies).toContain(LOST_REASON_NOT_RECORDED);
  });

  it('converts revenue from millions of USD to cents exactly, and orders parents before subsidiaries', () => {
    const acme = plan.accounts.find((a) => a.name === 'Acme Corporation');
    expect(acme).toEqual({
      line: 2,
      name: 'Acme Corporation',
      sector: 'technology',
      yearEstablished: 1996,
      annualRevenue: { amountMinor: 110_004_000_000, currency: 'USD' },
      employees: 2822,
      officeLocation: 'United States',
      parentName: null,
    });
    expect(plan.accounts.find((a) => a.name === 'Cheers')?.annualRevenue?.amountMinor).toBe(426_990_000_000);
    expect(plan.accounts.find((a) => a.name === 'Dontechi')?.annualRevenue?.amountMinor).toBe(461_800_000_000);
    expect(
      plan.accounts
        .filter((a) => a.parentName === 'Acme Corporation')
        .map((a) => a.name)
        .sort(),
    ).toEqual(['Bluth Company', 'Codehow', 'Donquadtech', 'Iselectrics']);
    expect(plan.accounts.filter((a) => a.parentName !== null)).toHaveLength(15);
    const position = new Map(plan.accounts.map((a, i) => [a.name, i]));
    plan.accounts.forEach((a, i) => {
      if (a.parentName !== null) expect(position.get(a.parentName)).toBeLessThan(i);
    });
    expect(plan.accounts.every((a) => a.yearEstablished !== null && a.employees !== null)).toBe(true);
  });

  it('keeps the 5 agents who have no deals in the team', () => {
    const withDeals = new Set(plan.opportunities.map((o) => o.agentUserId));
    expect(
      plan.team
        .filter((m) => m.role === 'rep' && !withDeals.has(m.userId))
        .map((m) => m.userId)
        .sort(),
    ).toEqual(['carl-lin', 'carol-thompson', 'elizabeth-anderson', 'mei-mei-johns', 'natalya-ivanova']);
    expect(at.get(3)?.agentUserId).toBe('darcel-schlecht');
  });

  it('plans the same files the same way every time', () => {
    expect(planCrmSalesImport(realFiles())).toEqual(plan);
  });
});

describe('planCrmSalesImport', () => {
  it('plans a clean row without any issue', () => {
    const plan = planCrmSalesImport(small([WON]));
    expect(plan.issues).toEqual([]);
    expect(plan.opportunities).toEqual([
      {
        line: 2,
        sourceId: 'W1',
        agentUserId: 'anna-snelling',
        productCode: 'GTX-PRO',
        productName: 'GTX Pro',
        accountName: 'Acme Corporation',
        outcome: 'won',
        stage: 'qualification',
        openedOn: '2017-01-02',
        closedOn: '2017-03-01',
        expectedCloseDate: '2017-03-01',
        amount: { amountMinor: 482_100, currency: 'USD' },
        wonAmount: { amountMinor: 450_000, currency: 'USD' },
      },
    ]);
    expect(plan.asOf).toBe('2017-03-01');
    expect(plan.counts).toEqual({
      products: 2,
      teamMembers: 2,
      accounts: 1,
      opportunities: { total: 1, open: 0, won: 1, lost: 0 },
      skipped: 0,
    });
  });

  describe('products', () => {
    it("reads a product that matches one catalogue name by letters and digits ('GTXPro', 'gtx-pro') as that product", () => {
      const plan = planCrmSalesImport(
        small([
          'A,Anna Snelling,GTXPro,Acme Corporation,Engaging,1/2/2017,,',
          'B,Anna Snelling,gtx-pro,Acme Corporation,Engaging,1/2/2017,,',
          'C,Anna Snelling,MG Special,Acme Corporation,Engaging,1/2/2017,,',
        ]),
      );
      expect(issuesOf(plan, 'product-name-variant').map((i) => [i.line, i.value, i.action])).toEqual([
        [2, 'GTXPro', "read as 'GTX Pro'"],
        [3, 'gtx-pro', "read as 'GTX Pro'"],
      ]);
      expect(plan.opportunities.map((o) => [o.productCode, o.productName])).toEqual([
        ['GTX-PRO', 'GTX Pro'],
        ['GTX-PRO', 'GTX Pro'],
        ['MG-SPECIAL', 'MG Special'],
      ]);
    });

    it('skips a row whose product matches none, or more than one, of the catalogue', () => {
      const plan = planCrmSalesImport({
        ...small([
          'A,Anna Snelling,GTX Ultra,Acme Corporation,Engaging,1/2/2017,,',
          'B,Anna Snelling,gtx pro,Acme Corporation,Engaging,1/2/2017,,',
          'C,Anna Snelling,,Acme Corporation,Engaging,1/2/2017,,',
          'D,Anna Snelling,GTXPro,Acme Corporation,Engaging,1/2/2017,,',
        ]),
        products: 'product,series,sales_price\nGTX Pro,GTX,4821\nGTXPro,GTX,4000\n',
      });
      expect(issuesOf(plan, 'unknown-product').map((i) => [i.line, i.value, i.action])).toEqual([
        [2, 'GTX Ultra', ROW_SKIPPED],
        [3, 'gtx pro', ROW_SKIPPED],
        [4, '', ROW_SKIPPED],
      ]);
      expect(issuesOf(plan, 'unknown-product')[1].problem).toBe("could be any of 'GTX Pro', 'GTXPro'");
      expect(plan.opportunities.map((o) => [o.line, o.productCode])).toEqual([[5, 'GTXPRO']]);
      expect(plan.counts.skipped).toBe(3);
    });
  });

  describe('accounts.csv sectors and countries', () => {
    const accounts = (rows: readonly string[]): CrmSalesPlan => planCrmSalesImport(small([WON], rows));

    it("corrects a sector within 2 edits of exactly one known sector ('technolgy', 'finanse', 'retial')", () => {
      const plan = accounts([
        'A,technolgy,1996,1,1,United States,',
        'B,finanse,1996,1,1,United States,',
        'C,retial,1996,1,1,United States,',
        'D,Medical,1996,1,1,United States,',
        'E, retail ,1996,1,1,United States,',
      ]);
      expect(plan.accounts.map((a) => a.sector)).toEqual(['technology', 'finance', 'retail', 'medical', 'retail']);
      expect(issuesOf(plan, 'sector-misspelt').map((i) => [i.line, i.value, i.action])).toEqual([
        [2, 'technolgy', "read as 'technology'"],
        [3, 'finanse', "read as 'finance'"],
        [4, 'retial', "read as 'retail'"],
        [5, 'Medical', "read as 'medical'"],
      ]);
    });

    it('keeps a sector that is near no known sector, or near two, as written', () => {
      const plan = accounts([
        'A,astrophysics,1996,1,1,United States,',
        'B,medial,1996,1,1,United States,',
        'C,,1996,1,1,,',
      ]);
      expect(plan.accounts.map((a) => a.sector)).toEqual(['astrophysics', 'medial', null]);
      expect(issuesOf(plan, 'sector-unknown').map((i) => [i.line, i.value, i.action, i.problem])).toEqual([
        [2, 'astrophysics', 'kept as written', 'not a known sector, nor close to one'],
        [
          3,
          'medial',
          'kept as written',
          "not a known sector; within 2 edits of 'media' and 'medical', so none is chosen",
        ],
      ]);
      expect(plan.issues.filter((i) => i.file === 'accounts.csv')).toHaveLength(2);
    });

    it("corrects a country within 2 edits of exactly one country name ('Philipines', 'Germny'), and its case", () => {
      const plan = accounts([
        'A,retail,1996,1,1,Philipines,',
        'B,retail,1996,1,1,Germny,',
        'C,retail,1996,1,1,united states,',
        'D,retail,1996,1,1,Korea,',
        'E,retail,1996,1,1,South Korea,',
        'F,retail,1996,1,1,United Kingdom,',
      ]);
      expect(plan.accounts.map((a) => a.officeLocation)).toEqual([
        'Philippines',
        'Germany',
        'United States',
        'Korea',
        'South Korea',
        'United Kingdom',
      ]);
      expect(issuesOf(plan, 'country-misspelt').map((i) => [i.line, i.value, i.action])).toEqual([
        [2, 'Philipines', "read as 'Philippines'"],
        [3, 'Germny', "read as 'Germany'"],
        [4, 'united states', "read as 'United States'"],
      ]);
      expect(plan.issues.filter((i) => i.file === 'accounts.csv')).toHaveLength(3);
    });

    it('keeps a country that matches nothing as written', () => {
      const plan = accounts(['A,retail,1996,1,1,Atlantis,']);
      expect(plan.accounts[0].officeLocation).toBe('Atlantis');
      expect(issuesOf(plan, 'country-unknown')).toEqual([
        {
          file: 'accounts.csv',
          line: 2,
          rule: 'country-unknown',
          field: 'office_location',
          value: 'Atlantis',
          problem: 'not a known country, nor close to one',
          action: 'kept as written',
        },
      ]);
    });
  });

  describe('accounts.csv numbers', () => {
    const accounts = (rows: readonly string[], asOf?: string): CrmSalesPlan =>
      planCrmSalesImport(small([WON], rows), { asOf });

    it.each([
      ['1100.04', 110_004_000_000],
      ['4269.9', 426_990_000_000],
      ['4618', 461_800_000_000],
      ['0.01', 1_000_000],
      ['0', 0],
    ])('converts the revenue %s (millions of USD) to %p cents exactly', (revenue, amountMinor) => {
      expect(accounts([`Acme Corporation,retail,1996,${revenue},1,Italy,`]).accounts[0].annualRevenue).toEqual({
        amountMinor,
        currency: 'USD',
      });
    });

    it('leaves an unreadable year, revenue or employee count empty, with an issue; a blank one without', () => {
      const plan = accounts([
        'Acme Corporation,retail,1799,1.234,12.5,Italy,',
        'B,retail,2018,-5,many,Italy,',
        'C,retail,abc,1e3,-1,Italy,',
        'D,retail,1800,,,Italy,',
        'E,retail,,,,,',
      ]);
      expect(plan.accounts.map((a) => [a.yearEstablished, a.annualRevenue, a.employees])).toEqual([
        [null, null, null],
        [null, null, null],
        [null, null, null],
        [1800, null, null],
        [null, null, null],
      ]);
      expect(plan.issues.map((i) => [i.line, i.rule, i.value])).toEqual([
        [2, 'invalid-year', '1799'],
        [2, 'invalid-revenue', '1.234'],
        [2, 'invalid-employees', '12.5'],
        [3, 'invalid-year', '2018'],
        [3, 'invalid-revenue', '-5'],
        [3, 'invalid-employees', 'many'],
        [4, 'invalid-year', 'abc'],
        [4, 'invalid-revenue', '1e3'],
        [4, 'invalid-employees', '-1'],
      ]);
      expect(issuesOf(plan, 'invalid-year')[0].problem).toBe('not a year from 1800 to 2017 (the year of 2017-03-01)');
    });

    it('accepts years up to the year of asOf', () => {
      expect(accounts(['Acme Corporation,retail,2018,1,1,Italy,'], '2018-01-01').accounts[0].yearEstablished).toBe(
        2018,
      );
    });
  });

  describe('accounts.csv names and parents', () => {
    const accounts = (rows: readonly string[], pipeline: readonly string[] = [WON]): CrmSalesPlan =>
      planCrmSalesImport(small(pipeline, rows));

    it('skips an account named like an earlier one (case and spaces ignored), keeping the first, and one without a name', () => {
      const plan = accounts([
        ACME,
        'acme  corporation,retail,2000,1,1,Italy,',
        ',retail,2000,1,1,Italy,',
        'Beta,retail,2000,1,1,Italy,',
      ]);
      expect(plan.accounts.map((a) => [a.line, a.name, a.sector])).toEqual([
        [2, 'Acme Corporation', 'technology'],
        [5, 'Beta', 'retail'],
      ]);
      expect(plan.issues.map((i) => [i.line, i.rule, i.value, i.action])).toEqual([
        [3, 'duplicate-account', 'acme  corporation', ROW_SKIPPED],
        [4, 'account-name-missing', '', ROW_SKIPPED],
      ]);
      expect(plan.issues[0].problem).toBe(
        "line 2 already names the account 'Acme Corporation' (case and spaces ignored)",
      );
      expect(plan.counts.skipped).toBe(2);
    });

    it('orders every parent before its subsidiaries, otherwise in file order', () => {
      const plan = accounts([
        'Grandchild,retail,2000,1,1,Italy,Child',
        'Child,retail,2000,1,1,Italy,Acme Corporation',
        'Loner,retail,2000,1,1,Italy,',
        ACME,
        'Sibling,retail,2000,1,1,Italy,Acme Corporation',
      ]);
      expect(plan.accounts.map((a) => [a.name, a.parentName])).toEqual([
        ['Loner', null],
        ['Acme Corporation', null],
        ['Child', 'Acme Corporation'],
        ['Sibling', 'Acme Corporation'],
        ['Grandchild', 'Child'],
      ]);
      expect(plan.issues).toEqual([]);
    });

    it('drops a parent that names no account, reads one written differently, and drops the link that closes a loop', () => {
      const plan = accounts([
        ACME,
        'A,retail,2000,1,1,Italy,Nowhere Inc',
        'B,retail,2000,1,1,Italy,acme corporation',
        'C,retail,2000,1,1,Italy,D',
        'D,retail,2000,1,1,Italy,E',
        'E,retail,2000,1,1,Italy,C',
        'F,retail,2000,1,1,Italy,F',
      ]);
      expect(plan.accounts.map((a) => [a.name, a.parentName])).toEqual([
        ['Acme Corporation', null],
        ['A', null],
        ['E', null],
        ['F', null],
        ['B', 'Acme Corporation'],
        ['D', 'E'],
        ['C', 'D'],
      ]);
      expect(plan.issues.map((i) => [i.line, i.rule, i.value, i.action])).toEqual([
        [3, 'unknown-parent', 'Nowhere Inc', 'parent dropped: imported without one'],
        [4, 'parent-name-variant', 'acme corporation', "read as 'Acme Corporation'"],
        [7, 'parent-cycle', 'C', 'parent dropped: imported without one'],
        [8, 'parent-cycle', 'F', 'parent dropped: imported without one'],
      ]);
      expect(issuesOf(plan, 'parent-cycle').map((i) => i.problem)).toEqual([
        "'C' is already, through its parents, a subsidiary of 'E'",
        'the account names itself as its parent',
      ]);
    });

    it('skips an account row with another number of fields than the header', () => {
      const plan = accounts([ACME, 'Beta,retail,2000,1,1,Italy', 'Gamma,retail,2000,1,000,1,Italy,']);
      expect(plan.accounts.map((a) => a.name)).toEqual(['Acme Corporation']);
      expect(plan.issues.map((i) => [i.line, i.rule, i.action])).toEqual([
        [3, 'wrong-field-count', ROW_SKIPPED],
        [4, 'wrong-field-count', ROW_SKIPPED],
      ]);
    });
  });

  describe('pipeline accounts', () => {
    it('imports an open row without an account with accountName null, and skips a closed one', () => {
      const plan = planCrmSalesImport(
        small([
          WON,
          'A,Anna Snelling,GTX Pro,,Engaging,1/2/2017,,',
          'B,Anna Snelling,GTX Pro,,Prospecting,,,',
          'C,Anna Snelling,GTX Pro,,Won,1/2/2017,2/1/2017,100',
          'D,Anna Snelling,GTX Pro,,Lost,1/2/2017,2/1/2017,0',
        ]),
      );
      expect(plan.opportunities.map((o) => [o.sourceId, o.accountName])).toEqual([
        ['W1', 'Acme Corporation'],
        ['A', null],
        ['B', null],
      ]);
      expect(issuesOf(plan, 'account-missing').map((i) => [i.line, i.action])).toEqual([
        [3, 'imported without an account: recorded on the placeholder account and listed as needing one'],
        [4, 'imported without an account: recorded on the placeholder account and listed as needing one'],
      ]);
      expect(issuesOf(plan, 'account-missing-on-closed-deal').map((i) => [i.line, i.action])).toEqual([
        [5, ROW_SKIPPED],
        [6, ROW_SKIPPED],
      ]);
    });

    it("reads an account written in another case or spacing as the file's name, and skips one not in accounts.csv", () => {
      const plan = planCrmSalesImport(
        small([
          'A,Anna Snelling,GTX Pro,acme  CORPORATION,Engaging,1/2/2017,,',
          'B,Anna Snelling,GTX Pro,Nowhere Inc,Engaging,1/2/2017,,',
          'C,Anna Snelling,GTX Pro,Beta,Engaging,1/2/2017,,',
        ]),
      );
      expect(plan.opportunities.map((o) => [o.sourceId, o.accountName])).toEqual([['A', 'Acme Corporation']]);
      expect(plan.issues.map((i) => [i.line, i.rule, i.value, i.action])).toEqual([
        [2, 'account-name-variant', 'acme  CORPORATION', "read as 'Acme Corporation'"],
        [3, 'account-unknown', 'Nowhere Inc', ROW_SKIPPED],
        [4, 'account-unknown', 'Beta', ROW_SKIPPED],
      ]);
    });

    it('does not match a pipeline account to an account row that was skipped as a duplicate by another name', () => {
      const plan = planCrmSalesImport(
        small(
          ['A,Anna Snelling,GTX Pro,ACME CORPORATION,Engaging,1/2/2017,,'],
          [ACME, 'ACME CORPORATION,retail,2000,1,1,Italy,'],
        ),
      );
      expect(plan.opportunities.map((o) => o.accountName)).toEqual(['Acme Corporation']);
      expect(plan.issues.map((i) => [i.file, i.rule])).toEqual([
        ['accounts.csv', 'duplicate-account'],
        ['sales_pipeline.csv', 'account-name-variant'],
      ]);
    });
  });

  describe('pipeline dates, stages and values', () => {
    it('opens a row without an engage date on asOf (open) or on its close date (closed)', () => {
      const plan = planCrmSalesImport(
        small([
          WON,
          'P,Anna Snelling,GTX Pro,,Prospecting,,,',
          'L,Anna Snelling,GTX Pro,Acme Corporation,Lost,,2/1/2017,0',
        ]),
        { asOf: '2017-06-30' },
      );
      expect(plan.opportunities.map((o) => [o.sourceId, o.openedOn, o.closedOn])).toEqual([
        ['W1', '2017-01-02', '2017-03-01'],
        ['P', '2017-06-30', null],
        ['L', '2017-02-01', '2017-02-01'],
      ]);
      expect(issuesOf(plan, 'engage-date-missing').map((i) => [i.line, i.action])).toEqual([
        [3, "opened on 2017-06-30, the import's as-of date"],
        [4, 'opened on 2017-02-01, its close date'],
      ]);
    });

    it.each([['2/30/2017'], ['2017-01-02'], ['13/1/2017'], ['1/2/17'], ['soon']])(
      'skips a row with the unreadable date %s',
      (date) => {
        const plan = planCrmSalesImport(
          small([
            WON,
            `A,Anna Snelling,GTX Pro,Acme Corporation,Won,${date},3/1/2017,10`,
            `B,Anna Snelling,GTX Pro,Acme Corporation,Lost,1/2/2017,${date},0`,
          ]),
        );
        expect(plan.opportunities.map((o) => o.sourceId)).toEqual(['W1']);
        expect(plan.issues.map((i) => [i.line, i.rule, i.field, i.value, i.action])).toEqual([
          [3, 'invalid-date', 'engage_date', date, ROW_SKIPPED],
          [4, 'invalid-date', 'close_date', date, ROW_SKIPPED],
        ]);
      },
    );

    it('skips a closed row that closed before it was engaged, or has no close date', () => {
      const plan = planCrmSalesImport(
        small([
          WON,
          'A,Anna Snelling,GTX Pro,Acme Corporation,Won,3/2/2017,3/1/2017,10',
          'B,Anna Snelling,GTX Pro,Acme Corporation,Lost,1/2/2017,,0',
          'C,Anna Snelling,GTX Pro,Acme Corporation,Won,3/1/2017,3/1/2017,10',
        ]),
      );
      expect(plan.opportunities.map((o) => o.sourceId)).toEqual(['W1', 'C']);
      expect(plan.issues.map((i) => [i.line, i.rule, i.action])).toEqual([
        [3, 'close-before-engage', ROW_SKIPPED],
        [4, 'close-date-missing', ROW_SKIPPED],
      ]);
    });

    it.each([['0'], ['12.5'], [''], ['-5'], ['1e3'], ['99999999999999999']])(
      'skips a Won row with the close value %j',
      (value) => {
        const plan = planCrmSalesImport(
          small([WON, `A,Anna Snelling,GTX Pro,Acme Corporation,Won,1/2/2017,3/1/2017,${value}`]),
        );
        expect(plan.opportunities.map((o) => o.sourceId)).toEqual(['W1']);
        expect(plan.issues.map((i) => [i.line, i.rule, i.value, i.action])).toEqual([
          [3, 'invalid-close-value', value, ROW_SKIPPED],
        ]);
      },
    );

    it('ignores the close fields of an open row, and the close value of a Lost row, saying so', () => {
      const plan = planCrmSalesImport(
        small([
          WON,
          'A,Anna Snelling,GTX Pro,Acme Corporation,Engaging,1/2/2017,2/1/2017,300',
          'B,Anna Snelling,GTX Pro,Acme Corporation,Prospecting,,whenever,',
          'C,Anna Snelling,GTX Pro,Acme Corporation,Lost,1/2/2017,2/1/2017,300',
        ]),
      );
      expect(plan.opportunities.map((o) => [o.sourceId, o.outcome, o.closedOn, o.wonAmount])).toEqual([
        ['W1', 'won', '2017-03-01', { amountMinor: 450_000, currency: 'USD' }],
        ['A', 'open', null, null],
        ['B', 'open', null, null],
        ['C', 'lost', '2017-02-01', null],
      ]);
      expect(plan.issues.map((i) => [i.line, i.rule, i.field, i.value])).toEqual([
        [3, 'open-row-with-close', 'close_date', '2/1/2017'],
        [3, 'open-row-with-close', 'close_value', '300'],
        [4, 'open-row-with-close', 'close_date', 'whenever'],
        [4, 'engage-date-missing', 'engage_date', ''],
        [5, 'lost-row-with-close-value', 'close_value', '300'],
      ]);
    });

    it('skips a row with an unknown deal stage', () => {
      const plan = planCrmSalesImport(
        small([
          WON,
          'A,Anna Snelling,GTX Pro,Acme Corporation,won,1/2/2017,3/1/2017,10',
          'B,Anna Snelling,GTX Pro,,,1/2/2017,,',
        ]),
      );
      expect(plan.opportunities.map((o) => o.sourceId)).toEqual(['W1']);
      expect(plan.issues.map((i) => [i.line, i.rule, i.value, i.action])).toEqual([
        [3, 'unknown-stage', 'won', ROW_SKIPPED],
        [4, 'unknown-stage', '', ROW_SKIPPED],
      ]);
    });

    it('expects an open deal to close the rounded median of Won days after it opened, not before asOf', () => {
      const won = (id: string, close: string): string =>
        `${id},Anna Snelling,GTX Pro,Acme Corporation,Won,1/1/2017,${close},10`;
      const plan = planCrmSalesImport(
        small([
          won('W10', '1/11/2017'),
          won('W20', '1/21/2017'),
          won('W30', '1/31/2017'),
          won('W41', '2/11/2017'),
          'E1,Anna Snelling,GTX Pro,Acme Corporation,Engaging,2/1/2017,,',
          'E2,Anna Snelling,GTX Pro,Acme Corporation,Engaging,1/1/2017,,',
          'P,Anna Snelling,GTX Pro,Acme Corporation,Prospecting,,,',
        ]),
      );
      expect(plan.asOf).toBe('2017-02-11');
      expect(plan.opportunities.slice(4).map((o) => [o.sourceId, o.openedOn, o.expectedCloseDate])).toEqual([
        ['E1', '2017-02-01', '2017-02-26'],
        ['E2', '2017-01-01', '2017-02-11'],
        ['P', '2017-02-11', '2017-03-08'],
      ]);
      expect(plan.rules.find((r) => r.rule === 'expected-close-from-won-median')).toEqual({
        rule: 'expected-close-from-won-median',
        applies:
          'an open deal is expected to close 25 days after it was opened (the median days from engage to close of the 4 Won deals with both dates, rounded), but not before 2017-02-11',
        count: 3,
      });
    });

    it('rounds a median of half a day up, and leaves out Won deals without an engage date', () => {
      const plan = planCrmSalesImport(
        small([
          'W10,Anna Snelling,GTX Pro,Acme Corporation,Won,1/1/2017,1/11/2017,10',
          'W21,Anna Snelling,GTX Pro,Acme Corporation,Won,1/1/2017,1/22/2017,10',
          'W0,Anna Snelling,GTX Pro,Acme Corporation,Won,,1/22/2017,10',
          'E,Anna Snelling,GTX Pro,Acme Corporation,Engaging,1/22/2017,,',
        ]),
      );
      expect(plan.opportunities[3].expectedCloseDate).toBe('2017-02-07');
    });

    it('expects open deals to close on asOf when no Won deal gives a median', () => {
      const plan = planCrmSalesImport(small(['E,Anna Snelling,GTX Pro,Acme Corporation,Engaging,1/22/2017,,']), {
        asOf: '2017-03-01',
      });
      expect(plan.opportunities[0].expectedCloseDate).toBe('2017-03-01');
      expect(countOf(plan, 'expected-close-from-won-median')).toBe(1);
    });
  });

  describe('pipeline agents, ids and shapes', () => {
    it("skips a row whose agent is not in sales_teams.csv, and reads one written differently as the team's name", () => {
      const plan = planCrmSalesImport(
        small([
          'A,anna  snelling,GTX Pro,Acme Corporation,Engaging,1/2/2017,,',
          'B,Nobody Known,GTX Pro,Acme Corporation,Engaging,1/2/2017,,',
          'C,,GTX Pro,Acme Corporation,Engaging,1/2/2017,,',
        ]),
      );
      expect(plan.opportunities.map((o) => [o.sourceId, o.agentUserId])).toEqual([['A', 'anna-snelling']]);
      expect(plan.issues.map((i) => [i.line, i.rule, i.value, i.action])).toEqual([
        [2, 'agent-name-variant', 'anna  snelling', "read as 'Anna Snelling'"],
        [3, 'unknown-agent', 'Nobody Known', ROW_SKIPPED],
        [4, 'unknown-agent', '', ROW_SKIPPED],
      ]);
    });

    it('skips a row whose opportunity_id was seen before, or is blank', () => {
      const plan = planCrmSalesImport(
        small([
          WON,
          'W1,Anna Snelling,MG Special,Acme Corporation,Engaging,1/2/2017,,',
          ',Anna Snelling,MG Special,Acme Corporation,Engaging,1/2/2017,,',
        ]),
      );
      expect(plan.opportunities.map((o) => o.line)).toEqual([2]);
      expect(plan.issues.map((i) => [i.line, i.rule, i.value, i.problem])).toEqual([
        [3, 'duplicate-opportunity-id', 'W1', 'line 2 has the same opportunity_id'],
        [4, 'opportunity-id-missing', '', 'the row has no opportunity_id'],
      ]);
    });

    it('lists every reason a skipped row cannot be imported, and no cleaning of it', () => {
      const plan = planCrmSalesImport(small(['A,Nobody Known,GTXPro,acme corporation,Won,3/2/2017,3/1/2017,0']));
      expect(plan.opportunities).toEqual([]);
      expect(plan.issues.map((i) => [i.rule, i.action])).toEqual([
        ['unknown-agent', ROW_SKIPPED],
        ['close-before-engage', ROW_SKIPPED],
        ['invalid-close-value', ROW_SKIPPED],
      ]);
      expect(plan.counts.skipped).toBe(1);
    });

    it('skips a pipeline row with another number of fields than the header', () => {
      const plan = planCrmSalesImport(
        small([WON, 'A,Anna Snelling,GTX Pro,Acme Corporation,Engaging,1/2/2017,', '"B,C",x']),
      );
      expect(plan.opportunities.map((o) => o.line)).toEqual([2]);
      expect(plan.issues.map((i) => [i.file, i.line, i.rule, i.value, i.action])).toEqual([
        [
          'sales_pipeline.csv',
          3,
          'wrong-field-count',
          'A,Anna Snelling,GTX Pro,Acme Corporation,Engaging,1/2/2017,',
          ROW_SKIPPED,
        ],
        ['sales_pipeline.csv', 4, 'wrong-field-count', 'B,C,x', ROW_SKIPPED],
      ]);
    });

    it('accounts for every line of a messy file once, in opportunities or a skipping issue', () => {
      const files = small([
        WON,
        'A,Nobody,GTX Pro,Acme Corporation,Engaging,1/2/2017,,',
        'B,Anna Snelling,GTXPro,,Prospecting,,,',
        'W1,Anna Snelling,GTX Pro,Acme Corporation,Won,1/2/2017,3/1/2017,10',
        'C,Anna Snelling,GTX Pro,Acme Corporation',
        'D,Anna Snelling,GTX Pro,Acme Corporation,Lost,1/2/2017,,0',
      ]);
      const plan = planCrmSalesImport(files);
      const skipped = plan.issues
        .filter((i) => i.file === 'sales_pipeline.csv' && i.action === ROW_SKIPPED)
        .map((i) => i.line);
      expect([...plan.opportunities.map((o) => o.line), ...skipped].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
      expect(plan.counts).toMatchObject({ opportunities: { total: 2, open: 1, won: 1, lost: 0 }, skipped: 4 });
    });
  });

  describe('files', () => {
    it.each([
      ['products', 'products.csv', 'series', 'product,sales_price\nGTX Pro,4821\n'],
      ['salesTeams', 'sales_teams.csv', 'manager', 'sales_agent,regional_office\nAnna Snelling,Central\n'],
      [
        'accounts',
        'accounts.csv',
        'subsidiary_of',
        'account,sector,year_established,revenue,employees,office_location\n',
      ],
      ['pipeline', 'sales_pipeline.csv', 'close_value', `${PIPELINE_HEADER.replace(',close_value', '')}\n`],
    ] as const)('throws for a %s file without a column, naming the file and the column', (key, file, column, text) => {
      expect(errorOf({ ...small([WON]), [key]: text }).message).toBe(
        `${file}, line 1: the header has no column ${column}`,
      );
    });

    it('throws for an empty accounts or pipeline file', () => {
      expect(errorOf({ ...small([WON]), accounts: '' }).message).toMatch(/^accounts\.csv is empty/);
      expect(errorOf({ ...small([WON]), pipeline: '\n' }).message).toMatch(/^sales_pipeline\.csv is empty/);
    });

    it('finds columns in any order and case, ignores extra ones, and reads CRLF and quoted fields', () => {
      const plan = planCrmSalesImport({
        ...small([]),
        accounts:
          'Subsidiary_Of,ACCOUNT,sector,year_established,revenue,employees,office_location,notes\r\n,"Acme Corporation",technology,1996,"1100.04",2822,United States,x\r\n',
        pipeline:
          'close_value,close_date,engage_date,deal_stage,account,product,sales_agent,opportunity_id\r\n4500,3/1/2017,1/2/2017,Won,Acme Corporation,GTX Pro,Anna Snelling,W1\r\n',
      });
      expect(plan).toEqual(planCrmSalesImport(small([WON])));
    });

    it('takes asOf from the options, refuses one that is not a date, and needs one when the file has no date', () => {
      expect(planCrmSalesImport(small([WON]), { asOf: '2018-01-31' }).asOf).toBe('2018-01-31');
      expect(planCrmSalesImport(small([WON, 'A,Anna Snelling,GTX Pro,,Engaging,3/5/2017,12/31/2019,'])).asOf).toBe(
        '2017-03-05',
      );
      expect(errorOf(small([WON]), '2018-02-30').message).toMatch(/asOf must be a YYYY-MM-DD date/);
      expect(errorOf(small(['P,Anna Snelling,GTX Pro,,Prospecting,,,'])).message).toMatch(/pass asOf/);
    });
  });

  it('plans the same messy files the same way every time', () => {
    const files = small(
      [
        WON,
        'A,anna snelling,GTXPro,,Prospecting,,,',
        'B,Nobody,GTX Pro,Acme Corporation,Engaging,1/2/2017,,',
        'C,Anna Snelling,MG Special,acme corporation,Lost,1/2/2017,2/2/2017,5',
      ],
      [ACME, 'Beta,technolgy,1990,12.5,10,Philipines,Gamma', 'Gamma,zoology,1990,1,1,Atlantis,Beta'],
    );
    const first = planCrmSalesImport(files);
    expect(first.issues.length).toBeGreaterThan(5);
    expect(planCrmSalesImport(files)).toEqual(first);
    expect(JSON.stringify(planCrmSalesImport(files))).toBe(JSON.stringify(first));
  });
});

describe('vocabulary', () => {
  it.each([
    ['technolgy', 'technology', 1],
    ['teh', 'the', 1],
    ['ca', 'abc', 3],
    ['', 'abc', 3],
    ['Philipines', 'philippines', 2],
    ['philipines', 'philippines', 1],
    ['kitten', 'sitting', 3],
  ])('counts %j → %j as %p edits', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  it('holds the sectors the brief names', () => {
    // prettier-ignore
    const required = ['technology', 'software', 'medical', 'retail', 'finance', 'marketing', 'entertainment', 'employment', 'services', 'telecommunications', 'healthcare', 'education', 'manufacturing', 'energy', 'government', 'transportation', 'hospitality', 'media', 'real estate', 'consulting', 'insurance', 'pharmaceuticals', 'automotive', 'agriculture', 'construction', 'logistics', 'legal', 'nonprofit'];
    expect(required.filter((sector) => !SECTORS.includes(sector))).toEqual([]);
  });

  it('knows the English names of the ISO regions and the short forms', () => {
    const names = countryNames();
    expect(names).toEqual(
      expect.arrayContaining(['Philippines', 'United States', 'United Kingdom', 'Korea', 'South Korea', 'Germany']),
    );
    expect(names.includes('PH')).toBe(false);
    expect(new Set(names).size).toBe(names.length);
    expect(matchVocabulary('Korea', names)).toEqual({ kind: 'known', word: 'Korea' });
    expect(matchVocabulary('philipines', names)).toEqual({ kind: 'near', words: ['Philippines'] });
  });
});
