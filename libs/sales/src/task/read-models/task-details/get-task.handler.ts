import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '@ledger/platform';
import { ReadStore } from '@ledger/read-store';
import { utcDate } from '../task-view/task-days';
import { type TaskResource, toTaskResource } from '../task-view/task-resource';
import { TASK_VIEWS, type TaskView } from '../task-view/task-view.document';
import { GetTaskQuery } from './get-task.query';

@QueryHandler(GetTaskQuery)
export class GetTaskHandler implements IQueryHandler<GetTaskQuery> {
  constructor(
    private readonly readStore: ReadStore,
    private readonly clock: Clock,
  ) {}

  async execute({ taskId }: GetTaskQuery): Promise<TaskResource | null> {
    const view = await this.readStore.findOne<TaskView>(TASK_VIEWS, { _id: taskId });
    return view ? toTaskResource(view, utcDate(this.clock.now())) : null;
  }
}
