import { csvError, csvRecords } from '@ledger/platform';
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

/** The first manager who has reps, and their first rep: whose demo tokens the start-up banner prints when there is no demo data. */
export function firstManagerAndRep({ members }: SalesTeams): { managerId: string; repId: string } | null {
  for (const manager of members.filter((member) => member.role === 'manager')) {
    const rep = members.find((member) => member.role === 'rep' && member.managerId === manager.userId);
    if (rep) return { managerId: manager.userId, repId: rep.userId };
  }
  return null;
}

const fail = (line: number, message: string): never => {
  throw csvError('sales_teams.csv', line, message);
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
  const [header, ...rows] = csvRecords(text, 'sales_teams.csv');
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
