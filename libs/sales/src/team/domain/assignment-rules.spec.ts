import { DomainError } from '@ledger/event-sourcing/kernel';
import { ASSIGNMENT_RULES, leastLoadedOwner, type OwnerLoad } from './assignment-rules';

const load = (userId: string, openPipelineMinor: number, openOpportunities: number): OwnerLoad => ({
  userId,
  openPipelineMinor,
  openOpportunities,
});

describe('ASSIGNMENT_RULES', () => {
  it('are round-robin and least-loaded', () => {
    expect(ASSIGNMENT_RULES).toEqual(['round-robin', 'least-loaded']);
  });
});

describe('leastLoadedOwner', () => {
  it('picks the smallest open pipeline', () => {
    expect(leastLoadedOwner([load('anna', 500_000, 1), load('boris', 120_000, 9), load('carol', 300_000, 0)])).toBe(
      'boris',
    );
  });

  it('breaks a pipeline tie by fewer open opportunities', () => {
    expect(leastLoadedOwner([load('anna', 100_000, 3), load('boris', 100_000, 2), load('carol', 200_000, 0)])).toBe(
      'boris',
    );
  });

  it('breaks a full tie by the smallest user id, whatever the order given', () => {
    const loads = [load('carol', 0, 0), load('boris', 0, 0), load('dave', 0, 0)];
    expect(leastLoadedOwner(loads)).toBe('boris');
    expect(leastLoadedOwner([...loads].reverse())).toBe('boris');
  });

  it('picks the only candidate', () => {
    expect(leastLoadedOwner([load('anna', 9_999_999, 99)])).toBe('anna');
  });

  it('does not change the loads it is given', () => {
    const loads = [load('carol', 0, 0), load('anna', 0, 0)];
    leastLoadedOwner(loads);
    expect(loads.map((l) => l.userId)).toEqual(['carol', 'anna']);
  });

  it('refuses no candidates with assignment-no-candidates', () => {
    let caught: unknown;
    try {
      leastLoadedOwner([]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: 'assignment-no-candidates', kind: 'rule-violated' });
  });
});
