// Text formatter for pydll-deadlock: per repeat, how read() on a pipe fed by another Python thread
// ended through each loader (completed in s, or deadlocked: killed after the timeout).
import type { RunRecord } from '../../protocol/record.ts';
import type { DeadlockPiece as Piece, DeadlockResult as Result, DeadlockTrial as Trial } from '../../protocol/results.ts';
import { registerFormatter, table } from './format.ts';

const outcome = (t: Trial) => (t.outcome === 'completed' ? `completed in ${t.seconds!.toFixed(3)} s` : `deadlocked (killed after ${t.waitedS} s)`);

export function formatPydllDeadlock(r: RunRecord): string {
  const res = r.result as Result | null;
  const pieces = r.partials.map((p) => p.data as Piece);
  const out: string[] = [];
  if (pieces.length) {
    out.push(
      'read() on a pipe that another Python thread writes to, in a child process',
      table(['Repeat', 'First', 'CDLL', 'PyDLL'], pieces.map((p) => [p.repeat, p.order[0] === 'cdll' ? 'CDLL' : 'PyDLL', outcome(p.cdll), outcome(p.pydll)])),
    );
  }
  if (res) {
    out.push(
      '',
      `GIL ${res.gil_enabled ? 'on' : 'off'}: CDLL ${res.cdll.completed}/${res.repeats} completed; PyDLL ${res.pydll.deadlocked}/${res.repeats} deadlocked` +
        (res.gil_enabled ? ' (PyDLL keeps the GIL through read(): the writer can never run).' : ' (no GIL to keep).'),
    );
  }
  return out.join('\n');
}

registerFormatter('pydll-deadlock', formatPydllDeadlock);
