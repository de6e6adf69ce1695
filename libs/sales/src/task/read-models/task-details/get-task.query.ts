import { Query } from '@nestjs/cqrs';
import type { TaskResource } from '../task-view/task-resource';

export class GetTaskQuery extends Query<TaskResource | null> {
  constructor(readonly taskId: string) {
    super();
  }
}
