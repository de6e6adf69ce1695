import fc from 'fast-check';
import type { AllEvent } from './event-store.port';
import { RecentEvents } from './recent-events';

const eventAt = (sequence: number): AllEvent => ({
  id: `e-${sequence}`,
  type: 'Happened',
  data: { n: sequence, nested: { list: [sequence] } },
  metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { userId: 'u', role: 'rep' }, occurredAt: 't', schemaVersion: 1 },
  streamName: `s-${sequence % 3}`,
  revision: sequence,
  position: { commit: BigInt(sequence), prepare: BigInt(sequence) },
  recordedAt: 't',
});

/** A log of `length` events numbered from 1, read like the store reads it, counting the events read. */
const logOf = () => {
  const log = { length: 0, eventsRead: 0 };
  const read = (after: bigint, maxCount: number): AllEvent[] => {
    const from = Number(after) + 1;
    const to = Math.min(log.length, Number(after) + maxCount);
    const events = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => eventAt(from + i));
    log.eventsRead += events.length;
    return events;
  };
  return { log, read };
};

const positions = (events: AllEvent[]): number[] => events.map((event) => Number(event.position.commit));

describe('RecentEvents', () => {
  it('answers exactly what the store would, whatever the order of reads and appends', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ append: fc.integer({ min: 1, max: 20 }) }), fc.record({ after: fc.integer({ min: 0, max: 120 }), max: fc.integer({ min: 1, max: 15 }) })), { maxLength: 60 }),
        fc.integer({ min: 4, max: 40 }),
        (steps, capacity) => {
          const { log, read } = logOf();
          const recent = new RecentEvents(read, capacity);
          for (const step of steps) {
            if ('append' in step) log.length += step.append;
            else {
              const expected = read(BigInt(step.after), step.max);
              expect(positions(recent.after(BigInt(step.after), step.max))).toEqual(positions(expected));
            }
          }
        },
      ),
    );
  });

  it('reads a page once for every subscriber at the head of the log, and shares it frozen', () => {
    const { log, read } = logOf();
    const recent = new RecentEvents(read);
    log.length = 100;
    const first = recent.after(0n, 1024);
    log.eventsRead = 0;
    for (let subscriber = 0; subscriber < 14; subscriber += 1) expect(recent.after(0n, 1024)).toHaveLength(100);
    expect(log.eventsRead).toBe(0);
    log.length = 101;
    for (let subscriber = 0; subscriber < 15; subscriber += 1) expect(positions(recent.after(100n, 1024))).toEqual([101]);
    expect(log.eventsRead).toBe(1);
    expect(Object.isFrozen(first[0].data)).toBe(true);
    expect(Object.isFrozen((first[0].data as { nested: { list: number[] } }).nested.list)).toBe(true);
  });

  it('reads the store directly for a reader behind what it keeps', () => {
    const { log, read } = logOf();
    const recent = new RecentEvents(read, 10);
    log.length = 50;
    recent.after(30n, 20);
    expect(positions(recent.after(5n, 3))).toEqual([6, 7, 8]);
    expect(positions(recent.after(45n, 10))).toEqual([46, 47, 48, 49, 50]);
  });
});
