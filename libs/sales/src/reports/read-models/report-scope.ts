import { type Actor, DomainError } from '@ledger/event-sourcing';
import type { ReadStore } from '@ledger/read-store';
import { ACCOUNT_VIEWS, type AccountView } from '../../account';
import { PRODUCT_VIEWS, type ProductView, productCodeFor } from '../../product';
import { OutsideYourTeamError, TEAM_MEMBERS, type TeamMemberView, TeamMemberNotFoundError } from '../../team';

/** What every report is filtered by (query parameters, already checked for shape). */
export type ReportFilters = {
  readonly from?: string;
  readonly to?: string;
  readonly agent?: string;
  readonly manager?: string;
  readonly region?: string;
  readonly product?: string;
  readonly sector?: string;
  readonly currency?: string;
};

/** How a report's rows are grouped. */
export const REPORT_GROUPINGS = ['month', 'quarter', 'agent', 'manager', 'region', 'product', 'series', 'sector', 'account'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

export class OwnNumbersOnlyError extends DomainError {
  constructor() {
    super('own-numbers-only', 'forbidden', 'A rep sees their own numbers only: leave out agent, manager and region, or name yourself as the agent.');
  }
}

export class UnknownRegionError extends DomainError {
  constructor(region: string, known: readonly string[]) {
    super('region-not-found', 'not-found', `No member of the team works in ${JSON.stringify(region)}; the regions are ${known.join(', ')}.`);
  }
}

/** The cube filter of a request: business dates and the dimension values allowed. */
export type ReportScope = {
  readonly from?: string;
  readonly to?: string;
  readonly where: Record<string, (string | null)[]>;
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The small tables reports join with in memory — the team directory and the catalogue — and what
 * a request may see: a rep their own numbers, a manager with a team that team's (themselves and
 * everyone below them), everyone else all of them. One read of each table per request.
 */
export class ReportDimensions {
  private constructor(
    private readonly readStore: ReadStore,
    private readonly members: ReadonlyMap<string, TeamMemberView>,
    private readonly products: ReadonlyMap<string, ProductView>,
  ) {}

  static async load(readStore: ReadStore): Promise<ReportDimensions> {
    const [members, products] = await Promise.all([readStore.find<TeamMemberView>(TEAM_MEMBERS), readStore.find<ProductView>(PRODUCT_VIEWS)]);
    return new ReportDimensions(readStore, new Map(members.map((m) => [m._id, m])), new Map(products.map((p) => [p._id, p])));
  }

  /** A manager and everyone below them. */
  teamOf(managerId: string): string[] {
    const team = [managerId];
    for (let i = 0; i < team.length; i += 1) {
      for (const member of this.members.values()) if (member.managerId === team[i] && !team.includes(member._id)) team.push(member._id);
    }
    return team;
  }

  /** The owners an actor may see: undefined for everyone. */
  visibleOwners(actor: Actor): string[] | undefined {
    if (actor.role === 'rep') return [actor.userId];
    if (actor.role !== 'manager') return undefined;
    const team = this.teamOf(actor.userId);
    return team.length > 1 ? team : undefined;
  }

  /** Filters and access as a cube filter; refuses what the actor may not see and names what does not exist. */
  scope(filters: ReportFilters, actor: Actor): ReportScope {
    const where: Record<string, (string | null)[]> = {};
    const visible = this.visibleOwners(actor);
    if (actor.role === 'rep' && ((filters.agent !== undefined && filters.agent !== actor.userId) || filters.manager !== undefined || filters.region !== undefined)) {
      throw new OwnNumbersOnlyError();
    }
    let owners: string[] | undefined = visible;
    const narrow = (allowed: string[], outside: string): void => {
      if (visible !== undefined && !allowed.some((id) => visible.includes(id))) throw new OutsideYourTeamError(outside);
      owners = (owners ?? allowed).filter((id) => allowed.includes(id));
    };
    if (filters.agent !== undefined) {
      if (!this.members.has(filters.agent)) throw new TeamMemberNotFoundError(filters.agent);
      narrow([filters.agent], filters.agent);
    }
    if (filters.manager !== undefined) {
      if (!this.members.has(filters.manager)) throw new TeamMemberNotFoundError(filters.manager);
      narrow(this.teamOf(filters.manager), filters.manager);
    }
    if (filters.region !== undefined) {
      const inRegion = [...this.members.values()].filter((m) => m.regionalOffice?.toLowerCase() === filters.region!.toLowerCase()).map((m) => m._id);
      if (inRegion.length === 0) throw new UnknownRegionError(filters.region, this.regions());
      narrow(inRegion, filters.region);
    }
    if (owners !== undefined) where.ownerId = owners;
    if (filters.product !== undefined) where.product = [productCodeFor(filters.product)];
    if (filters.sector !== undefined) where.sector = [filters.sector.trim().toLowerCase()];
    if (filters.currency !== undefined) where.currency = [filters.currency.toUpperCase()];
    return { from: filters.from, to: filters.to, where };
  }

  /** Everyone who manages someone. */
  managers(): string[] {
    return [...this.members.values()].filter((member) => member.role === 'manager').map((member) => member._id);
  }

  regions(): string[] {
    return [...new Set([...this.members.values()].flatMap((m) => m.regionalOffice ?? []))].sort();
  }

  /** The row key a grouping gives a cube row's dimension value (a manager for an owner, a series for a product). */
  keyFor(by: ReportGrouping, value: string | null): string | null {
    if (value === null) return null;
    switch (by) {
      case 'manager': {
        const member = this.members.get(value);
        return member?.role === 'manager' ? member._id : (member?.managerId ?? null);
      }
      case 'region':
        return this.members.get(value)?.regionalOffice ?? null;
      case 'series':
        return this.products.get(value)?.series ?? null;
      default:
        return value;
    }
  }

  /** Display names of row keys; accounts are looked up by id, only those asked for. */
  async labels(by: ReportGrouping, keys: readonly (string | null)[]): Promise<Map<string | null, string>> {
    const labels = new Map<string | null, string>([[null, '(none)']]);
    const named = keys.filter((key): key is string => key !== null);
    if (by === 'account') {
      await this.readStore.visit(ACCOUNT_VIEWS, { _id: { $in: named } }, (account) => labels.set(account._id, (account as AccountView).name));
    }
    for (const key of named) if (!labels.has(key)) labels.set(key, this.label(by, key));
    return labels;
  }

  private label(by: ReportGrouping, key: string): string {
    switch (by) {
      case 'month':
        return `${MONTHS[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}`;
      case 'quarter':
        return `${key.slice(5)} ${key.slice(0, 4)}`;
      case 'agent':
      case 'manager':
        return this.members.get(key)?.name ?? key;
      case 'product':
        return this.products.get(key)?.name ?? key;
      case 'sector':
        return capitalized(key);
      default:
        return key;
    }
  }
}
