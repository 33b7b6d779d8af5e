// Text formatter for `instructions`: per function, the bindings ranked by instructions per call,
// with each layer's count; then the top of each call path, the errors, and the method.
import { instructionRanking, instructionsOf, INSTRUCTION_LAYERS, LAYER_LABELS } from '../../analysis/instructions.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { registerFormatter, table } from './format.ts';

const PATH_LINES = 8;

/** Rust and C++ symbols run long: keep both ends. */
const shortSymbol = (s: string) => (s.length > 64 ? `${s.slice(0, 30)}…${s.slice(-30)}` : s);

export function formatInstructions(r: RunRecord): string {
  const res = instructionsOf(r);
  if (!res) return '(no binding counted)';
  const out: string[] = [];
  const fns = [...new Set(Object.keys(res.perCall).map((k) => k.split('/')[1]!))];
  const withLayers = !!res.layers && Object.keys(res.layers).length > 0;
  for (const fn of fns) {
    const rows = instructionRanking(res, fn);
    out.push('', `${fn}(): instructions per call (${res.calls} calls counted, the empty loop subtracted)`);
    out.push(
      table(
        ['#', 'Binding', 'Instr/call', 'Loop/iter', ...(withLayers ? INSTRUCTION_LAYERS.map((l) => LAYER_LABELS[l]) : [])],
        rows.map((row) => [row.rank, row.binding, row.perCall.toFixed(1), row.loopPerIteration.toFixed(1), ...(withLayers ? INSTRUCTION_LAYERS.map((l) => (row.layers ? row.layers[l].toFixed(1) : '')) : [])]),
      ),
    );
    if (res.paths) {
      for (const row of rows) {
        const path = res.paths[`${row.binding}/${fn}`] ?? [];
        if (!path.length) continue;
        out.push('', `${row.binding}/${fn}: call path (inclusive instr/call, top ${Math.min(PATH_LINES, path.length)} of ${path.length})`);
        out.push(table(['Symbol', 'Instr/call', 'Self', 'Layer', 'Object'], path.slice(0, PATH_LINES).map((e) => [shortSymbol(e.symbol), e.perCall.toFixed(1), e.self.toFixed(1), e.layer, e.object])));
      }
    }
  }
  const errors = Object.entries(res.errors);
  if (errors.length) out.push('', 'Not counted:', ...errors.map(([k, why]) => `  ${k}: ${why}`));
  const secs = Object.entries(res.seconds).map(([b, s]) => `${b} ${s.toFixed(1)} s (CPU ${(res.cpuSeconds[b] ?? NaN).toFixed(1)} s)`).join(', ');
  out.push('', `Tool: ${res.tool.name}${res.tool.version ? ` (${res.tool.version})` : ''}.${res.method ? ` Method: ${res.method}.` : ''}`, `Wall time per binding under valgrind: ${secs}`);
  return out.join('\n');
}

registerFormatter('instructions', formatInstructions);
