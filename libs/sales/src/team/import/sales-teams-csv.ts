import { teamMemberIdFor } from '../domain';

/** One member of the sales team directory from sales_teams.csv, ready to become an AddTeamMember command. */
export type TeamMemberRow = {
  readonly userId: string;
  readonly name: string;
  readonly role: 'rep' | 'manager';
  readonly managerId: string | null;
  readonly regionalOffice: string | null;
};

export type SalesTeams = { readonly members: TeamMemberRow[] };

/** A record of the file and the (1-based) line it starts on, for error messages. */
type CsvRecord = { readonly line: number; readonly fields: readonly string[] };

const fail = (line: number, message: string): never => {
  throw new Error(`sales_teams.csv, line ${line}: ${message}`);
};

/**
 * RFC 4180 records, read as products.csv is (its reader is private to the product import): fields
 * separated by ',', records by LF or CRLF; a field in double quotes may hold commas, line breaks and
 * doubled quotes (""). A byte-order mark and blank lines are skipped. A quote inside an unquoted
 * field, text after a closing quote and an unclosed quote are refused, since guessing what they
 * meant could silently change a row.
 */
const csvRecords = (text: string): CsvRecord[] => {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  /** The current field was quoted and its closing quote has been read. */
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const endField = (): void => {
    fields.push(field);
    field = '';
    quoted = false;
  };
  const endRecord = (): void => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
  };

  while (i < text.length) {
    const char = text[i];
    const lineBreak = char === '\n' ? 1 : char === '\r' && text[i + 1] === '\n' ? 2 : 0;
    if (lineBreak > 0) {
      const blank = fields.length === 0 && field === '' && !quoted;
      if (!blank) endRecord();
      i += lineBreak;
      line += 1;
      recordLine = line;
    } else if (char === ',') {
      endField();
      i += 1;
    } else if (quoted) {
      fail(line, 'a closing quote must be followed by "," or the end of the line');
    } else if (char === '"') {
      if (field !== '')
        fail(line, 'a double quote inside an unquoted field; quote the whole field and double the quote');
      const openedOn = line;
      i += 1;
      for (;;) {
        if (i >= text.length) fail(openedOn, 'a quoted field is not closed');
        if (text[i] === '"') {
          if (text[i + 1] !== '"') break;
          field += '"';
          i += 2;
        } else {
          if (text[i] === '\n') line += 1;
          field += text[i];
          i += 1;
        }
      }
      i += 1;
      quoted = true;
    } else {
      field += char;
      i += 1;
    }
  }
  if (fields.length > 0 || field !== '' || quoted) endRecord();
  return records;
};

const COLUMNS = ['sales_agent', 'manager', 'regional_office'] as const;

/** A person named in the file: their id, or an error naming the line when the name is blank or makes no id. */
const personOf = (column: string, value: string, line: number): { name: string; userId: string } => {
  const name = value.trim();
  if (name === '') fail(line, `the ${column} is blank`);
  const userId = teamMemberIdFor(name);
  if (userId === '') fail(line, `the ${column} ${JSON.stringify(name)} has no letter or digit for a user id`);
  return { name, userId };
};

/** The office most of a manager's agents are in; on a tie the first alphabetically (code-unit order). */
const mostCommonOffice = (offices: readonly string[]): string | null => {
  const counts = new Map<string, number>();
  offices.forEach((office) => counts.set(office, (counts.get(office) ?? 0) + 1));
  const ranked = [...counts].sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0));
  return ranked[0]?.[0] ?? null;
};

type Manager = { name: string; userId: string; line: number; offices: string[] };

/**
 * Parses sales_teams.csv (header `sales_agent,manager,regional_office`, in any order and case, extra
 * columns ignored) into the sales team directory: one 'manager' row per distinct manager (no manager
 * of their own, in the office most of their agents are in, ties alphabetical), then one 'rep' row per
 * agent, each group in the order of the file. User ids come from `teamMemberIdFor`; names are
 * trimmed; a blank office is null. Throws an Error naming the line for a missing column, a wrong
 * number of fields, a blank agent or manager, an agent listed twice (by user id), an agent who is
 * their own manager, and a person who is both an agent and a manager (the file has no room for a
 * manager's own manager). Pure: the caller reads the file.
 */
export const parseSalesTeamsCsv = (text: string): SalesTeams => {
  const [header, ...rows] = csvRecords(text);
  if (header === undefined) throw new Error(`sales_teams.csv is empty; it needs the header ${COLUMNS.join(',')}.`);
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const [agentAt, managerAt, officeAt] = COLUMNS.map((column) => {
    const index = names.indexOf(column);
    return index >= 0 ? index : fail(header.line, `the header has no column ${column}`);
  });

  const agentLines = new Map<string, number>();
  const managers = new Map<string, Manager>();
  const reps: TeamMemberRow[] = [];

  rows.forEach(({ line, fields }) => {
    if (fields.length !== header.fields.length) {
      fail(line, `expected ${header.fields.length} fields like the header, found ${fields.length}`);
    }
    const agent = personOf('sales_agent', fields[agentAt], line);
    const manager = personOf('manager', fields[managerAt], line);
    const regionalOffice = fields[officeAt].trim() || null;

    const earlier = agentLines.get(agent.userId);
    if (earlier !== undefined) {
      fail(
        line,
        `the sales_agent ${JSON.stringify(agent.name)} (${agent.userId}) is listed twice, first on line ${earlier}`,
      );
    }
    if (agent.userId === manager.userId) fail(line, `${JSON.stringify(agent.name)} is their own manager`);
    const asManager = managers.get(agent.userId);
    if (asManager !== undefined) {
      fail(line, `${JSON.stringify(agent.name)} is a sales_agent here and a manager on line ${asManager.line}`);
    }
    const managerAsAgent = agentLines.get(manager.userId);
    if (managerAsAgent !== undefined) {
      fail(line, `${JSON.stringify(manager.name)} is a manager here and a sales_agent on line ${managerAsAgent}`);
    }
    agentLines.set(agent.userId, line);

    const known = managers.get(manager.userId) ?? { ...manager, line, offices: [] };
    if (regionalOffice !== null) known.offices.push(regionalOffice);
    managers.set(manager.userId, known);

    reps.push({ userId: agent.userId, name: agent.name, role: 'rep', managerId: manager.userId, regionalOffice });
  });

  const managerRows = [...managers.values()].map(({ userId, name, offices }): TeamMemberRow => ({
    userId,
    name,
    role: 'manager',
    managerId: null,
    regionalOffice: mostCommonOffice(offices),
  }));
  return { members: [...managerRows, ...reps] };
};
