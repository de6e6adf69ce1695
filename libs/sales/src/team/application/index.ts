import { TeamMemberHandler } from './team-member.handler';

export * from './team-member.handler';
export * from './assignment-rotor';
export * from './directory-token-authority';
export * from './seed-team/seed-team';
export * from './seed-team/seed-team-on-start';

export const teamCommandHandlers = [TeamMemberHandler];
