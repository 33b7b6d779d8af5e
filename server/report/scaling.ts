// Text formatter for the scaling experiment: binding × threads, calls/s and the speed-up over one
// thread of the same binding. Works on a finished run (result.points) and on a partial one (partials).
import type { RunRecord } from '../../protocol/record.ts';
import { registerFormatter, table } from './format.ts';
import type { ScalingPoint } from '../../protocol/results.ts';


function isPoint(x: unknown): x is ScalingPoint {
  const p = x as ScalingPoint;
  return !!p && typeof p.binding === 'string' && typeof p.threads === 'number' && typeof p.callsPerSec === 'number';
}

/** The points of a run: the result's, or the streamed partials where the run did not finish. */
export function scalingPoints(r: Pick<RunRecord, 'result' | 'partials'>): ScalingPoint[] {
  const fromResult = (r.result as { points?: unknown[] } | null)?.points;
  const raw = Array.isArray(fromResult) ? fromResult : r.partials.map((p) => p.data);
  return raw.filter(isPoint);
}

function rate(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0);
}

export function formatScaling(r: RunRecord): string {
  const points = scalingPoints(r);
  if (!points.length) return '(no points)';
  const threads = [...new Set(points.map((p) => p.threads))].sort((a, b) => a - b);
  const bindings = [...new Set(points.map((p) => p.binding))];
  const at = (b: string, t: number) => points.find((p) => p.binding === b && p.threads === t);
  const rows = bindings.map((b) => {
    const base = at(b, 1)?.callsPerSec;
    return [
      b,
      ...threads.map((t) => {
        const p = at(b, t);
        if (!p) return '-';
        return base ? `${rate(p.callsPerSec)} (${(p.callsPerSec / base).toFixed(2)}x)` : rate(p.callsPerSec);
      }),
    ];
  });
  const env = r.meta?.env;
  const gil = env ? `GIL ${env.gilEnabledAfterImports ? 'on' : 'off'} after imports` : 'GIL state unknown';
  return [
    `return_int() calls/s (speed-up vs 1 thread), ${gil}`,
    table(['Binding', ...threads.map((t) => `${t} thread${t === 1 ? '' : 's'}`)], rows),
    '',
    'Each point: T threads released together by a barrier, each calling in a tight loop and counting its own calls; calls/s = all calls / (last end - first start).',
  ].join('\n');
}

registerFormatter('scaling', formatScaling);
