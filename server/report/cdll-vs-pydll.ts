// Text formatter for cdll-vs-pydll: the talk's three lines ("CDLL  getpid x2000000: 0.643s", ...,
// "Speedup (PyDLL vs CDLL): 1.222x"), then every timing, the loop's own cost and the talk's figures.
import type { RunRecord } from '../../protocol/record.ts';
import { registerFormatter, table } from './format.ts';
import type { LoaderSummary, CdllVsPydllResult as Result, CdllVsPydllPiece as Piece } from '../../protocol/results.ts';


/** "Parameters: calls=2000000, repeats=5": what the run used, as the slide shows it. */
function paramsLine(r: RunRecord): string {
  return `Parameters: ${Object.entries(r.params).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(', ')}`;
}

export function formatCdllVsPydll(r: RunRecord): string {
  const res = r.result as Result | null;
  const pieces = r.partials.map((p) => p.data as Piece);
  const calls = Number(r.params.calls);
  const out = [paramsLine(r)];
  if (res) {
    out.push(
      '',
      `CDLL  get_pid x${calls}: ${res.cdll.median_s.toFixed(3)}s`,
      `PyDLL get_pid x${calls}: ${res.pydll.median_s.toFixed(3)}s`,
      `Speedup (PyDLL vs CDLL): ${res.speedup.toFixed(3)}x  (medians; best of ${res.repeats}: ${res.speedup_min.toFixed(3)}x)`,
      '',
      table(
        ['Loader', 'GIL during call', 'Median s', 'ns/call', 'Min s', 'Max s'],
        (['cdll', 'pydll'] as const).map((k) => [
          k === 'cdll' ? 'CDLL' : 'PyDLL',
          k === 'cdll' ? 'released' : 'held',
          res[k].median_s.toFixed(3),
          res[k].ns_per_call.toFixed(1),
          res[k].min_s.toFixed(3),
          res[k].max_s.toFixed(3),
        ]),
      ),
    );
  }
  if (pieces.length) {
    out.push(
      '',
      table(
        ['Repeat', 'First', 'CDLL s', 'PyDLL s', 'Speed-up'],
        pieces.map((p) => [p.repeat, p.order[0] === 'cdll' ? 'CDLL' : 'PyDLL', p.cdll.seconds.toFixed(3), p.pydll.seconds.toFixed(3), `${p.speedup.toFixed(3)}x`]),
      ),
    );
  }
  if (res) {
    out.push('', `Method: ${res.method}; the loop itself (an empty Python call) costs ${res.loop_ns_per_call.toFixed(1)} ns/call, included above.`);
  }
  out.push('Talk (3.14.0rc1, one timing each): GIL CDLL 0.643s, PyDLL 0.526s, 1.222x; no-GIL 0.581s / 0.533s, 1.089x');
  return out.join('\n');
}

registerFormatter('cdll-vs-pydll', formatCdllVsPydll);
