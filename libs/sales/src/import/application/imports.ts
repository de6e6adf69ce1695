import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor, derivedCommandId, EventStore } from '@ledger/event-sourcing';
import { APP_CONFIG, type AppConfig } from '@ledger/platform';
import { TargetCommandMessage, targetIdFor } from '../../target';
import { type CrmSalesFiles, planCrmSalesImport } from '../crm-sales/crm-sales-plan';
import { describeImport, importCrmSales, type ImportProgress, type ImportReport, loadImport, readCrmSalesFolder } from './crm-sales-import';

export type ImportStatus =
  | { readonly id: string; readonly status: 'running'; readonly progress: ImportProgress | null; readonly startedAt: string }
  | { readonly id: string; readonly status: 'completed'; readonly report: ImportReport | null; readonly recorded: unknown }
  | { readonly id: string; readonly status: 'failed'; readonly error: string }
  /** Started in the log but running nowhere (the process stopped): sending the same files again resumes it. */
  | { readonly id: string; readonly status: 'interrupted'; readonly startedAt: string };

/** A started import: follow `location` for its progress and then its report. */
export type ImportAccepted = { readonly id: string; readonly status: 'running'; readonly location: string };

const DEMO_ACTOR: Actor = { userId: 'system:demo-data', role: 'system' };

/**
 * Imports running in this process, in the background, and what the log says of the others. The
 * demo data set is imported this way on a first start; `done` tells readiness when it is over.
 */
@Injectable()
export class Imports {
  private readonly logger = new Logger('Import');
  private readonly running = new Map<string, { progress: ImportProgress | null; startedAt: string; finished: Promise<void> }>();
  private readonly finished = new Map<string, { report: ImportReport } | { error: string }>();
  private demo: { id: string; done: boolean } | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts an import of these files unless it runs already; a completed one is run again, which appends nothing. */
  start(files: CrmSalesFiles, actor: Actor, log = false): string {
    const { importId } = describeImport(files);
    if (this.running.has(importId)) return importId;
    this.finished.delete(importId);
    const entry = { progress: null as ImportProgress | null, startedAt: new Date().toISOString(), finished: Promise.resolve() };
    let lastDecile = -1;
    entry.finished = importCrmSales(this.store, files, {
      actor,
      onProgress: (progress) => {
        entry.progress = progress;
        const decile = progress.phase === 'opportunities' ? Math.floor((progress.done / Math.max(progress.total, 1)) * 10) : -1;
        if (log && decile > lastDecile) {
          lastDecile = decile;
          this.logger.log(`demo data: ${progress.done}/${progress.total} opportunities, ${progress.events} events`);
        }
      },
    }).then(
      (report) => {
        this.finished.set(importId, { report });
        if (log) this.logger.log(`demo data imported: ${report.events} events in ${report.seconds} s (${report.eventsPerSecond} events/s)`);
      },
      (error: unknown) => {
        this.finished.set(importId, { error: error instanceof Error ? error.message : String(error) });
        this.logger.error(`import ${importId} failed: ${String(error)}`);
      },
    ).finally(() => this.running.delete(importId));
    this.running.set(importId, entry);
    return importId;
  }

  async status(importId: string): Promise<ImportStatus | null> {
    const running = this.running.get(importId);
    if (running) return { id: importId, status: 'running', progress: running.progress, startedAt: running.startedAt };
    const finished = this.finished.get(importId);
    if (finished && 'error' in finished) return { id: importId, status: 'failed', error: finished.error };
    const recorded = await loadImport(this.store, importId);
    if (recorded.status === 'initial') return null;
    if (recorded.status === 'running') return { id: importId, status: 'interrupted', startedAt: recorded.started.startedAt };
    return { id: importId, status: 'completed', report: finished && 'report' in finished ? finished.report : null, recorded: { ...recorded.started, ...recorded.completed } };
  }

  /**
   * Embedded mode's first start: the bundled data set is imported in the background unless its
   * import is already complete in the log (a start after a crash mid-import finishes it).
   */
  async startDemo(): Promise<void> {
    if (this.config.demoData === null) return;
    const files = readCrmSalesFolder(this.config.demoData);
    const { importId } = describeImport(files);
    this.demo = { id: importId, done: false };
    if ((await loadImport(this.store, importId)).status !== 'completed') {
      this.logger.log(`importing the demo data set from ${this.config.demoData} (DEMO_DATA=off to skip)`);
      this.start(files, DEMO_ACTOR, true);
      await this.running.get(importId)?.finished;
      const outcome = this.finished.get(importId);
      if (outcome === undefined || !('report' in outcome)) return;
    }
    await this.setDemoTargets(files);
    this.demo.done = true;
  }

  /**
   * The data set has no targets, so the demo sets some for attainment to show: each agent, each
   * quarter of the year their deals closed in, 10 % above their average quarter, rounded up to
   * 1,000 of the currency. Ids derive from agent and quarter: a second start sets nothing new.
   */
  private async setDemoTargets(files: CrmSalesFiles): Promise<void> {
    const plan = planCrmSalesImport(files);
    const won = new Map<string, { amount: number; currency: string; years: Set<string> }>();
    for (const row of plan.opportunities) {
      if (!row.wonAmount || !row.closedOn) continue;
      const agent = won.get(row.agentUserId) ?? { amount: 0, currency: row.wonAmount.currency, years: new Set<string>() };
      agent.amount += row.wonAmount.amountMinor;
      agent.years.add(row.closedOn.slice(0, 4));
      won.set(row.agentUserId, agent);
    }
    for (const [agent, { amount, currency, years }] of won) {
      const perQuarter = Math.ceil((amount / (years.size * 4)) * 1.1 / 100_000) * 100_000;
      for (const period of [...years].flatMap((year) => [1, 2, 3, 4].map((q) => `${year}-Q${q}`))) {
        const commandId = derivedCommandId(`${agent}/${period}`, 'demo-target');
        const context = { commandId, correlationId: commandId, causationId: commandId, actor: DEMO_ACTOR, occurredAt: new Date().toISOString() };
        const targetId = targetIdFor('agent', agent, period);
        await this.commands.execute(new TargetCommandMessage({ type: 'SetTarget', targetId, scope: 'agent', subjectId: agent, period, amount: { amountMinor: perQuarter, currency } }, context));
      }
    }
  }

  /** Whether the demo data is in (true when there is none to import). */
  get demoDone(): boolean {
    return this.config.demoData === null || this.demo?.done === true;
  }
}
