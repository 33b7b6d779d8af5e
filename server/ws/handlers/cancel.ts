// `cancel`: stops the running job (or a queued one by id). Control only.
import type { Handler } from '../context.ts';

export const handleCancel: Handler<'cancel'> = (ctx, msg, reply) => {
  if (!ctx.queue.cancel(msg.jobId)) reply.fail(msg.jobId ? `no job "${msg.jobId}" to cancel` : 'no job is running', msg.jobId ? 'jobId' : undefined);
};
