import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseSalesTeamsCsv, type TeamMemberRow } from './sales-teams-csv';

// The repository's copy of the dataset's sales_teams.csv (a clean clone has no ../shared).
const DATASET = path.resolve(__dirname, '../../../../../seed/crm-sales/sales_teams.csv');

const HEADER = 'sales_agent,manager,regional_office';

const manager = (userId: string, name: string, regionalOffice: string | null): TeamMemberRow => ({
  userId,
  name,
  role: 'manager',
  managerId: null,
  regionalOffice,
});

const rep = (userId: string, name: string, managerId: string, regionalOffice: string | null): TeamMemberRow => ({
  userId,
  name,
  role: 'rep',
  managerId,
  regionalOffice,
});

/** The error thrown by `parseSalesTeamsCsv`, so that a test fails if none is thrown. */
const errorOf = (text: string): Error => {
  try {
    parseSalesTeamsCsv(text);
  } catch (error) {
    return error as Error;
  }
  throw new Error('parseSalesTeamsCsv did not throw');
};

describe('parseSalesTeamsCsv on the real sales_teams.csv (seed/crm-sales/sales_teams.csv)', () => {
  const { members } = parseSalesTeamsCsv(readFileSync(DATASET, 'utf8'));
  const managers = members.filter((member) => member.role === 'manager');
  const reps = members.filter((member) => member.role === 'rep');

  it('reads 6 managers and 35 reps, managers first, with unique user ids', () => {
    expect(managers).toHaveLength(6);
    expect(reps).toHaveLength(35);
    expect(members.slice(0, 6)).toEqual(managers);
    expect(new Set(members.map((member) => member.userId)).size).toBe(41);
  });

  it('reads the managers in file order, each in the office of their agents', () => {
    expect(managers).toEqual([
      manager('dustin-brinkmann', 'Dustin Brinkmann', 'Central'),
      manager('melvin-marxen', 'Melvin Marxen', 'Central'),
      manager('cara-losch', 'Cara Losch', 'East'),
      manager('rocco-neubert', 'Rocco Neubert', 'East'),
      manager('celia-rouche', 'Celia Rouche', 'West'),
      manager('summer-sewald', 'Summer Sewald', 'West'),
    ]);
  });

  it('reads the reps in file order, with their manager and office', () => {
    expect(reps[0]).toEqual(rep('anna-snelling', 'Anna Snelling', 'dustin-brinkmann', 'Central'));
    expect(reps[10]).toEqual(rep('mei-mei-johns', 'Mei-Mei Johns', 'melvin-marxen', 'Central'));
    expect(reps).toContainEqual(rep('rosalina-dieter', 'Rosalina Dieter', 'celia-rouche', 'West'));
    expect(reps[34]).toEqual(rep('carl-lin', 'Carl Lin', 'summer-sewald', 'West'));
  });

  it('gives every rep a manager of the file', () => {
    const managerIds = new Set(managers.map((m) => m.userId));
    expect(reps.every((r) => r.managerId !== null && managerIds.has(r.managerId))).toBe(true);
  });

  it('counts the reps per manager and per office', () => {
    const count = (key: (row: TeamMemberRow) => string | null) =>
      reps.reduce<Record<string, number>>((counts, row) => {
        const k = String(key(row));
        return { ...counts, [k]: (counts[k] ?? 0) + 1 };
      }, {});
    expect(count((row) => row.managerId)).toEqual({
      'dustin-brinkmann': 5,
      'melvin-marxen': 6,
      'cara-losch': 6,
      'rocco-neubert': 6,
      'celia-rouche': 6,
      'summer-sewald': 6,
    });
    expect(count((row) => row.regionalOffice)).toEqual({ Central: 11, East: 12, West: 12 });
  });
});

describe('parseSalesTeamsCsv', () => {
  it('reads a header and rows', () => {
    expect(parseSalesTeamsCsv(`${HEADER}\nAnna Snelling,Dustin Brinkmann,Central\n`)).toEqual({
      members: [
        manager('dustin-brinkmann', 'Dustin Brinkmann', 'Central'),
        rep('anna-snelling', 'Anna Snelling', 'dustin-brinkmann', 'Central'),
      ],
    });
  });

  it('lists managers first, then reps, each in file order', () => {
    const text = `${HEADER}\nZoe Z,Mia M,East\nAdam A,Bob B,West\nYan Y,Mia M,East\n`;
    expect(parseSalesTeamsCsv(text).members.map((member) => member.userId)).toEqual([
      'mia-m',
      'bob-b',
      'zoe-z',
      'adam-a',
      'yan-y',
    ]);
  });

  it('reads CRLF line ends, blank lines and a byte-order mark', () => {
    const text = `\uFEFF${HEADER}\r\n\r\nAnna Snelling,Dustin Brinkmann,Central\r\n\r\nMoses Frase,Dustin Brinkmann,Central\r\n\r\n`;
    expect(parseSalesTeamsCsv(text).members).toEqual([
      manager('dustin-brinkmann', 'Dustin Brinkmann', 'Central'),
      rep('anna-snelling', 'Anna Snelling', 'dustin-brinkmann', 'Central'),
      rep('moses-frase', 'Moses Frase', 'dustin-brinkmann', 'Central'),
    ]);
  });

  it('reads a last row without a line end', () => {
    expect(parseSalesTeamsCsv(`${HEADER}\nCarl Lin,Summer Sewald,West`).members).toHaveLength(2);
  });

  it('reads quoted fields with commas and doubled quotes', () => {
    const text = `${HEADER}\n"Snelling, Anna","Dustin ""Dusty"" Brinkmann","Central"\n`;
    expect(parseSalesTeamsCsv(text).members).toEqual([
      manager('dustin-dusty-brinkmann', 'Dustin "Dusty" Brinkmann', 'Central'),
      rep('snelling-anna', 'Snelling, Anna', 'dustin-dusty-brinkmann', 'Central'),
    ]);
  });

  it('finds the columns by name, in any order and any case, and trims the values', () => {
    const text = 'Regional_Office , MANAGER,sales_agent,notes\n Central ,  Dustin Brinkmann , Anna Snelling ,x\n';
    expect(parseSalesTeamsCsv(text).members).toEqual([
      manager('dustin-brinkmann', 'Dustin Brinkmann', 'Central'),
      rep('anna-snelling', 'Anna Snelling', 'dustin-brinkmann', 'Central'),
    ]);
  });

  it('makes user ids without diacritics', () => {
    expect(parseSalesTeamsCsv(`${HEADER}\nZoë Núñez,Åsa Öberg,North\n`).members.map((m) => m.userId)).toEqual([
      'asa-oberg',
      'zoe-nunez',
    ]);
  });

  it('reads a blank office as none, and a manager whose agents have none has none', () => {
    expect(parseSalesTeamsCsv(`${HEADER}\nAnna Snelling,Dustin Brinkmann,\n`).members).toEqual([
      manager('dustin-brinkmann', 'Dustin Brinkmann', null),
      rep('anna-snelling', 'Anna Snelling', 'dustin-brinkmann', null),
    ]);
  });

  it('puts a manager in the office most of their agents are in, ignoring agents without one', () => {
    const text = `${HEADER}\nA One,Mia M,West\nB Two,Mia M,East\nC Three,Mia M,East\nD Four,Mia M,\nE Five,Mia M,\n`;
    expect(parseSalesTeamsCsv(text).members[0]).toEqual(manager('mia-m', 'Mia M', 'East'));
  });

  it('breaks a tie between offices alphabetically', () => {
    const text = `${HEADER}\nA One,Mia M,West\nB Two,Mia M,Central\nC Three,Mia M,West\nD Four,Mia M,Central\n`;
    expect(parseSalesTeamsCsv(text).members[0]).toEqual(manager('mia-m', 'Mia M', 'Central'));
  });

  it('keeps the first spelling of a manager named in several ways', () => {
    const text = `${HEADER}\nA One,Mia  Moss,East\nB Two,mia moss,East\n`;
    expect(parseSalesTeamsCsv(text).members.map((m) => [m.userId, m.name, m.managerId])).toEqual([
      ['mia-moss', 'Mia  Moss', null],
      ['a-one', 'A One', 'mia-moss'],
      ['b-two', 'B Two', 'mia-moss'],
    ]);
  });

  it('reads a file with a header only as no members', () => {
    expect(parseSalesTeamsCsv(`${HEADER}\n`)).toEqual({ members: [] });
  });

  it('refuses an empty file', () => {
    expect(errorOf('\n\n').message).toMatch(/empty/);
  });

  it.each(['sales_agent', 'manager', 'regional_office'])('refuses a header without the column %s', (column) => {
    const header = HEADER.split(',')
      .filter((name) => name !== column)
      .join(',');
    expect(errorOf(`${header}\nA,B\n`).message).toBe(`sales_teams.csv, line 1: the header has no column ${column}`);
  });

  it('names the line of a header after blank lines', () => {
    expect(errorOf(`\n\nsales_agent,manager\nA,B\n`).message).toMatch(/^sales_teams\.csv, line 3: .*regional_office/);
  });

  it('refuses a blank agent, naming the line', () => {
    expect(errorOf(`${HEADER}\nAnna Snelling,Dustin Brinkmann,Central\n  ,Dustin Brinkmann,Central\n`).message).toBe(
      'sales_teams.csv, line 3: the sales_agent is blank',
    );
  });

  it('refuses a blank manager, naming the line', () => {
    expect(errorOf(`${HEADER}\n\nAnna Snelling,"",Central\n`).message).toBe(
      'sales_teams.csv, line 3: the manager is blank',
    );
  });

  it('refuses names with nothing to make a user id of', () => {
    expect(errorOf(`${HEADER}\n***,Dustin Brinkmann,Central\n`).message).toMatch(/line 2: the sales_agent .*no letter/);
    expect(errorOf(`${HEADER}\nAnna Snelling,--,Central\n`).message).toMatch(/line 2: the manager .*no letter/);
  });

  it('refuses an agent listed twice, naming both lines', () => {
    const text = `${HEADER}\nAnna Snelling,Dustin Brinkmann,Central\nMoses Frase,Dustin Brinkmann,Central\nAnna Snelling,Cara Losch,East\n`;
    expect(errorOf(text).message).toMatch(/^sales_teams\.csv, line 4: .*Anna Snelling.* listed twice, first on line 2/);
  });

  it('refuses an agent listed twice under names that make the same user id', () => {
    const text = `${HEADER}\nAnna Snelling,Dustin Brinkmann,Central\nanna  SNELLING,Cara Losch,East\n`;
    expect(errorOf(text).message).toMatch(/line 3: .*anna-snelling.* listed twice, first on line 2/);
  });

  it('refuses an agent who is their own manager', () => {
    expect(errorOf(`${HEADER}\nAnna Snelling,Anna Snelling,Central\n`).message).toMatch(/line 2: .*own manager/);
  });

  it('refuses a person who is both an agent and a manager, whichever comes first', () => {
    expect(
      errorOf(`${HEADER}\nAnna Snelling,Dustin Brinkmann,Central\nMoses Frase,Anna Snelling,Central\n`).message,
    ).toMatch(/line 3: "Anna Snelling" is a manager here and a sales_agent on line 2/);
    expect(
      errorOf(`${HEADER}\nMoses Frase,Anna Snelling,Central\nAnna Snelling,Dustin Brinkmann,Central\n`).message,
    ).toMatch(/line 3: "Anna Snelling" is a sales_agent here and a manager on line 2/);
  });

  it('refuses a row with too few or too many fields', () => {
    expect(errorOf(`${HEADER}\nAnna Snelling,Dustin Brinkmann\n`).message).toMatch(
      /line 2: expected 3 fields.*found 2/,
    );
    expect(errorOf(`${HEADER}\nAnna Snelling,Dustin Brinkmann,Central,x\n`).message).toMatch(
      /line 2: expected 3 fields.*found 4/,
    );
  });

  it('counts lines inside quoted fields when naming a line', () => {
    expect(
      errorOf(`${HEADER}\n"Anna\nSnelling",Dustin Brinkmann,Central\n,Dustin Brinkmann,Central\n`).message,
    ).toMatch(/line 4:/);
  });

  it('refuses malformed quoting, naming the line', () => {
    expect(errorOf(`${HEADER}\nA One,Mia M,East\n"Anna Snelling,Dustin Brinkmann,Central\n`).message).toMatch(
      /line 3: .*not closed/,
    );
    expect(errorOf(`${HEADER}\n"Anna" Snelling,Dustin Brinkmann,Central\n`).message).toMatch(/line 2: a closing quote/);
    expect(errorOf(`${HEADER}\nAnna "A" Snelling,Dustin Brinkmann,Central\n`).message).toMatch(
      /line 2: a double quote inside/,
    );
  });
});
