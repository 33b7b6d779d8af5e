// `run`: validates experiment, runtime and parameters, then queues the job (the same run already
// queued or running is answered with that job; a full queue is said). Control only.
import { ParamError, resolveParams, type Params } from '../../../protocol/experiments.ts';
import { resolveRuntimes, type ResolvedRuntime } from '../../runtimes/resolve.ts';
import { UserError } from '../../util/errors.ts';
import { QueueFull } from '../../jobs/queue.ts';
import type { Handler } from '../context.ts';

export const handleRun: Handler<'run'> = (ctx, msg, reply) => {
  const exp = ctx.experiments.find((e) => e.id === msg.experiment);
  if (!exp) return reply.fail(`unknown experiment "${msg.experiment}" (known: ${ctx.experiments.map((e) => e.id).join(', ')})`, 'experiment');
  let runtime: ResolvedRuntime;
  let params: Params;
  try {
    runtime = resolveRuntimes(ctx.runtimes, msg.runtime ? [msg.runtime] : [], exp, { basePython: ctx.basePython, checkEnv: false })[0]!;
  } catch (err) {
    if (err instanceof UserError) return reply.fail(err.message, 'runtime');
    throw err;
  }
  try {
    params = resolveParams(exp, msg.params ?? {});
  } catch (err) {
    if (err instanceof ParamError) return reply.fail(err.message, `params.${err.param}`);
    throw err;
  }
  let submitted;
  try {
    submitted = ctx.queue.submit({ experiment: exp, runtimeId: runtime.id, python: runtime.python, env: runtime.env, params, owner: reply.member.id });
  } catch (err) {
    if (err instanceof QueueFull) return reply.fail(err.message);
    throw err;
  }
  const { job, duplicate } = submitted;
  if (duplicate) reply.send({ type: 'job', event: job.state === 'queued' ? 'queued' : 'started', job });
};
