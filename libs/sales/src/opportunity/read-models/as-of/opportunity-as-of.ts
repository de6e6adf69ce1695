import type { EventStore } from '@ledger/event-sourcing';
import { type Historical, readAsOf, recordAsOf } from '@ledger/read-store';
import { opportunityEvents } from '../../domain';
import { accountStream } from '../../../account';
import { teamMemberStream } from '../../../team';
import { GetForecastHandler } from '../forecast/get-forecast.handler';
import { type Forecast, type ForecastFilter, GetForecastQuery } from '../forecast/get-forecast.query';
import { GetOpportunityHandler } from '../opportunity-details/get-opportunity.handler';
import { GetOpportunityQuery, type OpportunityDetails } from '../opportunity-details/get-opportunity.query';
import { opportunityViewProjection } from '../opportunity-view/opportunity-view.projection';
import { GetPipelineHandler } from '../pipeline/get-pipeline.handler';
import { GetPipelineQuery, type Pipeline, type PipelineFilter } from '../pipeline/get-pipeline.query';

const VIEWS = [opportunityViewProjection];

/**
 * One opportunity as the system knew it at an instant: its stream folded up to then, with the
 * streams of every account and owner it ever named, so the names are the names of that day; stage
 * durations are measured up to that instant. Null when it did not exist yet.
 */
export async function opportunityAsOf(eventStore: EventStore, stream: string, id: string, instant: Date): Promise<Historical<OpportunityDetails> | null> {
  const own = await eventStore.readStream(stream);
  const named = new Set<string>();
  for (const event of own.map(opportunityEvents.decode)) {
    if (event.type === 'OpportunityOpened') {
      if (event.data.accountId !== null) named.add(accountStream(event.data.accountId));
      named.add(teamMemberStream(event.data.ownerId));
    }
    if (event.type === 'OpportunityOwnerReassigned') named.add(teamMemberStream(event.data.ownerId));
    if (event.type === 'OpportunityAccountChanged') named.add(accountStream(event.data.accountId));
  }
  return recordAsOf(eventStore, VIEWS, [stream, ...named], instant, (store) =>
    new GetOpportunityHandler(store).execute(new GetOpportunityQuery(id, instant)),
  );
}

/** The open pipeline as it stood at an instant, from the opportunity streams folded up to then. */
export async function pipelineAsOf(eventStore: EventStore, category: string, filter: PipelineFilter, instant: Date): Promise<Historical<Pipeline>> {
  const { answer, mark } = await readAsOf(eventStore, VIEWS, { category }, instant, (store) =>
    new GetPipelineHandler(store).execute(new GetPipelineQuery(filter)),
  );
  return { ...answer, historical: mark };
}

/** The forecast as it stood at an instant, from the opportunity streams folded up to then. */
export async function forecastAsOf(eventStore: EventStore, category: string, filter: ForecastFilter, instant: Date): Promise<Historical<Forecast>> {
  const { answer, mark } = await readAsOf(eventStore, VIEWS, { category }, instant, (store) =>
    new GetForecastHandler(store).execute(new GetForecastQuery(filter)),
  );
  return { ...answer, historical: mark };
}
