export * from './api-key-view.projection';
