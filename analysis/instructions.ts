// Reading an `instructions` run (demos/instructions.py): rankings by instructions per call, the
// share of a layer, whether a call path passes through a symbol, and how the layers change between
// two runtimes. Pure TypeScript: the CLI report, the deck's views and the claims module use it.
import { bindingIndex } from '../protocol/runtime.ts';
import { INSTRUCTION_LAYERS, type InstructionLayer, type InstructionsPiece, type InstructionsResult } from '../protocol/results.ts';

export { INSTRUCTION_LAYERS, type InstructionLayer };

/** What each layer holds, in words a listener understands (the deck's legend, the CLI's header). */
export const LAYER_LABELS: Record<InstructionLayer, string> = {
  dispatch: 'interpreter dispatch',
  conversion: 'argument/return conversion',
  gil: 'GIL release/re-acquire',
  libffi: 'libffi',
  'ft-sync': 'free-threaded sync',
  'c-function': 'the C function',
};

/** What is read from a run record (RunRecord satisfies it; so does a recorded result file). */
export interface InstructionsInput {
  params?: Record<string, unknown>;
  partials: readonly { key: string; data: unknown }[];
  result: unknown;
}

/** A run's result; while it runs (or when it stopped early), the one its bindings' partials make. */
export function instructionsOf(r: InstructionsInput): InstructionsResult | null {
  if (r.result) return r.result as InstructionsResult;
  const pieces = r.partials.map((p) => p.data as InstructionsPiece).filter((p) => p && typeof p.binding === 'string');
  if (!pieces.length) return null;
  const merged: InstructionsResult = {
    tool: { name: 'callgrind', version: '' },
    calls: Number(r.params?.['calls'] ?? 0),
    method: '',
    perCall: {},
    loopPerIteration: {},
    paths: {},
    layers: {},
    gilEnabled: {},
    errors: {},
    seconds: {},
    cpuSeconds: {},
  };
  for (const p of pieces) {
    Object.assign(merged.perCall, p.perCall);
    Object.assign(merged.loopPerIteration, p.loopPerIteration);
    Object.assign(merged.paths!, p.paths);
    Object.assign(merged.layers!, p.layers);
    if (p.error) merged.errors[p.binding] = p.error;
    if (p.gilEnabled !== undefined) merged.gilEnabled[p.binding] = p.gilEnabled;
    merged.seconds[p.binding] = p.seconds;
    merged.cpuSeconds[p.binding] = p.cpuSeconds;
  }
  return merged;
}

/** A `binding/function` key's binding in display order. */
const bindingOrder = (key: string): number => bindingIndex(key.split('/')[0]!);

export interface InstructionRow {
  binding: string;
  /** 1 = fewest instructions. */
  rank: number;
  perCall: number;
  loopPerIteration: number;
  layers: Record<InstructionLayer, number> | null;
}

/** The bindings counted for one function, fewest instructions per call first. */
export function instructionRanking(result: Pick<InstructionsResult, 'perCall' | 'loopPerIteration' | 'layers'>, fn = 'return_int'): InstructionRow[] {
  return Object.entries(result.perCall)
    .filter(([key]) => key.endsWith(`/${fn}`))
    .sort(([ka, a], [kb, b]) => a - b || bindingOrder(ka) - bindingOrder(kb))
    .map(([key, perCall], i) => ({
      binding: key.split('/')[0]!,
      rank: i + 1,
      perCall,
      loopPerIteration: result.loopPerIteration[key] ?? NaN,
      layers: layersOf(result, key),
    }));
}

/** A series' layers with every layer present (0 where the run had none); null without paths. */
export function layersOf(result: Pick<InstructionsResult, 'layers'>, key: string): Record<InstructionLayer, number> | null {
  const l = result.layers?.[key];
  if (!l) return null;
  return Object.fromEntries(INSTRUCTION_LAYERS.map((k) => [k, l[k] ?? 0])) as Record<InstructionLayer, number>;
}

/** The share (0..1) of one layer in a series' instructions per call; null without layers. */
export function layerShare(result: Pick<InstructionsResult, 'layers'>, key: string, layer: InstructionLayer): number | null {
  const l = layersOf(result, key);
  if (!l) return null;
  const total = INSTRUCTION_LAYERS.reduce((s, k) => s + l[k], 0);
  return total > 0 ? l[layer] / total : null;
}

/** The path entries of a series whose symbol matches `pattern` (e.g. /vectorcall/i, /^ffi_call/). */
export function pathSymbols(result: Pick<InstructionsResult, 'paths'>, key: string, pattern: RegExp) {
  return (result.paths?.[key] ?? []).filter((e) => pattern.test(e.symbol));
}

/** Per layer, free-threaded minus GIL instructions per call of one series (null where either lacks layers). */
export function layerGrowth(
  gil: Pick<InstructionsResult, 'layers'>,
  freeThreaded: Pick<InstructionsResult, 'layers'>,
  key: string,
): Record<InstructionLayer, number> | null {
  const a = layersOf(gil, key);
  const b = layersOf(freeThreaded, key);
  if (!a || !b) return null;
  return Object.fromEntries(INSTRUCTION_LAYERS.map((k) => [k, b[k] - a[k]])) as Record<InstructionLayer, number>;
}

/** The bindings of a run in the order of their instructions per call, or of a ns ranking given as
 * "binding/function" -> ns: the same shape, so the deck can put the two rankings side by side. */
export function rankBy(values: Record<string, number>, fn = 'return_int'): string[] {
  return Object.entries(values)
    .filter(([key, v]) => key.endsWith(`/${fn}`) && Number.isFinite(v))
    .sort(([ka, a], [kb, b]) => a - b || bindingOrder(ka) - bindingOrder(kb))
    .map(([key]) => key.split('/')[0]!);
}
