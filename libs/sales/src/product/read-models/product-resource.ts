import type { ProductView } from './product-view.projection';

/** What clients see of a product: its code as `id` (and `code`), the stream revision as `revision`. */
export type ProductResource = Omit<ProductView, '_id' | '_revision'> & {
  readonly id: string;
  readonly code: string;
  readonly revision: number;
};

export const toProductResource = ({ _id, _revision, ...rest }: ProductView): ProductResource => ({
  id: _id,
  code: _id,
  ...rest,
  revision: _revision,
});
