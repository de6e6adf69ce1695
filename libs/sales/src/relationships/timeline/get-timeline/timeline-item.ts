import type { TimelineEntry } from '../timeline-entry.document';

export type TimelineItem = Omit<TimelineEntry, '_id' | 'sortKey'> & { readonly eventId: string };

export const toTimelineItem = ({ _id, sortKey: _sortKey, ...entry }: TimelineEntry): TimelineItem => ({ eventId: _id, ...entry });
