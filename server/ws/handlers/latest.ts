// `latest`: the newest saved record of (experiment, runtime), optionally among runs with given parameters.
import { UserError } from '../../util/errors.ts';
import { selectRuntimes } from '../../runtimes/resolve.ts';
import type { Handler } from '../context.ts';

export const handleLatest: Handler<'latest'> = (ctx, msg, reply) => {
  if (!ctx.experiments.some((e) => e.id === msg.experiment)) return reply.fail(`unknown experiment "${msg.experiment}"`, 'experiment');
  try {
    if (msg.runtime) selectRuntimes(ctx.runtimes, [msg.runtime]);
  } catch (err) {
    if (err instanceof UserError) return reply.fail(err.message, 'runtime');
    throw err;
  }
  reply.send({
    type: 'latest',
    experiment: msg.experiment,
    runtime: msg.runtime ?? null,
    ...(msg.params ? { params: msg.params } : {}),
    record: ctx.store.latest(msg.experiment, msg.runtime ?? null, msg.params),
  });
};
