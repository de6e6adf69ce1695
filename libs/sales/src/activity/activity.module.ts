import { Module } from '@nestjs/common';
import { ActivityController } from './api/activity.controller';
import { activityCommandHandlers } from './application';
import { activityQueryHandlers } from './read-models';

@Module({
  controllers: [ActivityController],
  providers: [...activityCommandHandlers, ...activityQueryHandlers],
})
export class ActivityModule {}
