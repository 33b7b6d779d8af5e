// `latest`: the newest saved record of (experiment, runtime), optionally among runs with given
// parameters, from the store's index: a look-up, and at most one asynchronous read of a file that
// is then kept in memory. The reply waits while the asker has not read what it was sent.
import { UserError } from '../../util/errors.ts';
import { selectRuntimes } from '../../runtimes/resolve.ts';
import type { Handler } from '../context.ts';

export const handleLatest: Handler<'latest'> = async (ctx, msg, reply) => {
  if (!ctx.experiments.some((e) => e.id === msg.experiment)) return reply.fail(`unknown experiment "${msg.experiment}"`, 'experiment');
  try {
    if (msg.runtime) selectRuntimes(ctx.runtimes, [msg.runtime]);
  } catch (err) {
    if (err instanceof UserError) return reply.fail(err.message, 'runtime');
    throw err;
  }
  const viewer = reply.member.role !== 'control';
  const view = viewer ? { key: 'viewer', of: (text: string) => ctx.room.textForViewer(text) } : undefined;
  const record = await ctx.store.index.latestRecord(msg.experiment, msg.runtime ?? null, msg.params, view);
  if (!(await ctx.room.drained(reply.ws))) return;
  // The record goes out as saved, the same bytes to every asker (no parse, no copy): the head is built around it.
  const head = JSON.stringify({
    type: 'latest',
    ...(reply.requestId ? { requestId: reply.requestId } : {}),
    experiment: msg.experiment,
    runtime: msg.runtime ?? null,
    ...(msg.params ? { params: viewer ? ctx.room.forViewer(msg.params) : msg.params } : {}),
  });
  ctx.room.sendParts(reply.ws, [`${head.slice(0, -1)},"record":`, record ?? 'null', '}']);
};
