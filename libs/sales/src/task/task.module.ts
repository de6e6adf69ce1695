import { Module } from '@nestjs/common';
import { TaskController } from './api/task.controller';
import { taskCommandHandlers } from './application';
import { taskQueryHandlers } from './read-models';

@Module({
  controllers: [TaskController],
  providers: [...taskCommandHandlers, ...taskQueryHandlers],
})
export class TaskModule {}
