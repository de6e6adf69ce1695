import { type Event, eventCodec } from '@ledger/event-sourcing/kernel';

/** A file of an import, identified by its content. */
export type ImportedFile = { readonly name: string; readonly sha256: string; readonly rows: number };

/** Rows that needed the same cleaning, or were skipped for the same reason: one group per file, rule, field and value. */
export type ImportIssueGroup = {
  readonly file: string;
  readonly rule: string;
  readonly field: string;
  readonly value: string;
  readonly problem: string;
  readonly action: string;
  /** 1-based line numbers in the file. */
  readonly lines: readonly number[];
};

/** How many records the import made, and how many were there already (a second run makes none). */
export type ImportCounts = Readonly<
  Record<
    'products' | 'teamMembers' | 'accounts' | 'opportunities' | 'closed',
    { readonly made: number; readonly alreadyThere: number }
  >
>;

export type ImportStarted = Event<
  'ImportStarted',
  {
    readonly importId: string;
    readonly source: string;
    readonly files: readonly ImportedFile[];
    /** The day the data stands on (YYYY-MM-DD): open deals without dates are placed by it. */
    readonly asOf: string;
    readonly startedAt: string;
    readonly startedBy: string;
  }
>;

/** The import's report, kept in the log with the history it made. */
export type ImportCompleted = Event<
  'ImportCompleted',
  {
    readonly importId: string;
    readonly counts: ImportCounts;
    /** Every row that needed cleaning or could not be imported, grouped. */
    readonly issues: readonly ImportIssueGroup[];
    /** Mappings applied to whole classes of rows (the data set's stages to ours, amounts of open deals), with how many rows each touched. */
    readonly rules: readonly { readonly rule: string; readonly applies: string; readonly count: number }[];
    /** Events the import appended in this run. */
    readonly events: number;
    readonly completedAt: string;
  }
>;

export type ImportEvent = ImportStarted | ImportCompleted;
export type ImportEventType = ImportEvent['type'];
/** Every import event type with its current schema version. */
export const importEvents = eventCodec<ImportEvent>({
  ImportStarted: 1,
  ImportCompleted: 1,
});
