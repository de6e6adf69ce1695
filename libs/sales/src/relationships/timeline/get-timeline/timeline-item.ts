import type { TimelineEntry } from '../timeline-entry.document';
import { withTotal } from '../timeline-summaries';

export type TimelineItem = Omit<TimelineEntry, 'sortKey' | 'total'>;

/**
 * An entry as clients read it: an entry with a total gets it after its summary and as `details.total`,
 * in the currency its event named or else its stream's (`streamCurrency`).
 */
export const toTimelineItem = ({ sortKey: _sortKey, total, ...entry }: TimelineEntry, streamCurrency: string | undefined): TimelineItem => {
  const currency = total?.currency ?? streamCurrency;
  if (!total || currency === undefined) return entry;
  const money = { amountMinor: total.amountMinor, currency };
  return { ...entry, summary: withTotal(entry.summary, money), details: { ...entry.details, total: money } };
};

/** A contact's entry with nothing of the contact but its id (title, channel, why removed): what analysts read. */
export const withoutContactDetails = (item: TimelineItem): TimelineItem => (item.kind === 'contact' ? { ...item, details: {} } : item);
