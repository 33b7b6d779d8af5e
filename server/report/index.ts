// A finished run as readable text: every experiment's formatter, registered by importing its
// module, and the header they share.
import type { RunRecord } from '../../protocol/record.ts';
import { formatterOf } from './format.ts';
import './call-overhead.ts';
import './scaling.ts';
import './cdll-vs-pydll.ts';
import './pydll-blocking.ts';
import './pydll-deadlock.ts';
import './races.ts';
import './arena.ts';
import './env-check.ts';
import './instructions.ts';

function header(r: RunRecord): string {
  const env = r.meta?.env;
  const where = env
    ? `${r.runtimeId ?? 'this machine'} (Python ${env.version}, ${env.freeThreadedBuild ? 'free-threaded build' : 'GIL build'}, GIL ${env.gilEnabledAfterImports ? 'on' : 'off'} after imports) on ${env.cpuModel}, CPUs ${env.affinity.join(',')}`
    : r.runtimeId ?? 'this machine';
  const status = r.status === 'ok' ? '' : `  [${r.status.toUpperCase()}: ${r.reason}]`;
  return `== ${r.experiment} on ${where}${status}`;
}

export function formatRecord(r: RunRecord): string {
  const body = r.result !== null || r.partials.length || Object.keys(r.samples).length
    ? (formatterOf(r.experiment) ?? ((x: RunRecord) => JSON.stringify(x.result, null, 2)))(r)
    : '(no data)';
  return `${header(r)}\n${body}\n`;
}
