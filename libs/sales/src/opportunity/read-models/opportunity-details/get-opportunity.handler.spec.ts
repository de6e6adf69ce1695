import type { StageStep } from '../opportunity-view/opportunity-view.document';
import { withDurations } from './get-opportunity.handler';

const at = (hour: number) => `2027-01-05T${String(hour).padStart(2, '0')}:00:00.000Z`;
const step = (stage: StageStep['stage'], how: StageStep['how'], hour: number): StageStep => ({ stage, how, enteredAt: at(hour), by: 'ana', reason: null });
const NOW = new Date(at(20));

describe("an opportunity's stage history as clients read it", () => {
  it('names a close as closed-won, with the stage it was won from', () => {
    const history = withDurations([step('prospecting', 'opened', 8), step('negotiation', 'forward', 9), step('negotiation', 'won', 11)], 'won', NOW);
    expect(history.map(({ stage, fromStage, durationMs }) => ({ stage, fromStage, durationMs }))).toEqual([
      { stage: 'prospecting', fromStage: null, durationMs: 3_600_000 },
      { stage: 'negotiation', fromStage: 'prospecting', durationMs: 7_200_000 },
      { stage: 'closed-won', fromStage: 'negotiation', durationMs: null },
    ]);
  });

  it('names a reopening as coming from the close it undid', () => {
    const history = withDurations([step('qualification', 'opened', 8), step('qualification', 'lost', 9), step('proposal', 'reopened', 10)], 'open', NOW);
    expect(history.map(({ stage, fromStage, durationMs }) => ({ stage, fromStage, durationMs }))).toEqual([
      { stage: 'qualification', fromStage: null, durationMs: 3_600_000 },
      { stage: 'closed-lost', fromStage: 'qualification', durationMs: 3_600_000 },
      { stage: 'proposal', fromStage: 'closed-lost', durationMs: 36_000_000 },
    ]);
  });
});
