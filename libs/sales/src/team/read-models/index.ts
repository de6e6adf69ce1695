export * from './team-member-view/team-member-view.document';
export * from './team-member-view/team-member-view.projection';
export * from './team-member-view/team-directory';
export * from './team-member-view/pipeline-scope';
