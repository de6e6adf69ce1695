export * from './target-view.projection';
