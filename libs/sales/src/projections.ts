import type { Projection } from '@ledger/read-store';
import { opportunityViewProjection } from './opportunity';

/** Every read model of the sales modules, for the apps that run or rebuild them. */
export const salesProjections: readonly Projection[] = [opportunityViewProjection];
