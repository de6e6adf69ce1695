// `decide`, `evolve` and `initialState` stay behind `productDecider` so that other aggregates'
// domains can be re-exported next to this one without name clashes.
export * from './product.events';
export * from './product.commands';
export * from './product.errors';
export type {
  ActiveProductState,
  ExistingProductState,
  InitialProductState,
  ProductFacts,
  ProductState,
  ProductStatus,
  RetiredProductState,
} from './product.state';
export { listPriceIn } from './product.state';
export { productCodeFor } from './product.code';
export { productDecider } from './product.decide';
