// Text formatter for pydll-blocking: the talk's "CASE: usleep holding call / Iterations during C
// sleep: N" per loader, then every repeat and what the counter does with nobody holding it back.
import type { RunRecord } from '../../protocol/record.ts';
import { registerFormatter, table } from './format.ts';
import type { BlockingMeasure as Measure, BlockingPiece as Piece, BlockingResult as Result } from '../../protocol/results.ts';


const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function paramsLine(r: RunRecord): string {
  return `Parameters: ${Object.entries(r.params).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(', ')}`;
}

export function formatPydllBlocking(r: RunRecord): string {
  const res = r.result as Result | null;
  const pieces = r.partials.map((p) => p.data as Piece);
  const out = [paramsLine(r)];
  if (res) {
    for (const k of ['cdll', 'pydll'] as const) {
      out.push('', `${k === 'cdll' ? 'CDLL' : 'PyDLL'} (GIL ${k === 'cdll' ? 'released' : 'held'} during the call)`, 'CASE: usleep holding call', `Iterations during C sleep: ${int(res[k].median)}  (median of ${res[k].iterations.length})`);
    }
  }
  if (pieces.length) {
    out.push(
      '',
      'Iterations during C sleep',
      table(
        ['Repeat', 'First', 'CDLL', 'PyDLL', 'CDLL call s', 'PyDLL call s'],
        pieces.map((p) => [p.repeat, p.order[0] === 'cdll' ? 'CDLL' : 'PyDLL', int(p.cdll.iterations), int(p.pydll.iterations), p.cdll.call_seconds.toFixed(3), p.pydll.call_seconds.toFixed(3)]),
      ),
    );
  }
  if (res) {
    out.push(
      '',
      `PyDLL / CDLL: ${res.ratio === null ? 'n/a' : res.ratio.toFixed(3)} (GIL ${res.gil_enabled ? 'on' : 'off'}). ` +
        `Free-running counter: ${int(res.free_running_per_s)}/s, ${int(res.expected_free)} in ${res.sleep_ms} ms.`,
    );
    if (res.gil_enabled) out.push(`With the GIL, what PyDLL still counts is the GIL hand-over around the call (switch interval ${(res.switch_interval_s * 1000).toFixed(0)} ms), not the sleep.`);
  }
  out.push('Talk (3.14.0rc1): GIL CDLL 10,560,279 vs PyDLL 32,000; no-GIL 6,967,550 vs 6,962,745');
  return out.join('\n');
}

registerFormatter('pydll-blocking', formatPydllBlocking);
