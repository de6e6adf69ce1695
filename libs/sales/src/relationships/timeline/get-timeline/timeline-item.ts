import type { TimelineEntry } from '../timeline-entry.document';

export type TimelineItem = Omit<TimelineEntry, 'sortKey'>;

export const toTimelineItem = ({ sortKey: _sortKey, ...entry }: TimelineEntry): TimelineItem => entry;
