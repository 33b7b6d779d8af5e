// What a view element shows, read from its attributes in one place: the view binder renders from
// it and the live plugin asks the server for the newest saved run of each. A view names runtimes
// in `data-runtimes` (space-separated): "@gil" and "@ft" are the GIL and the free-threaded build of
// the pair the deck shows (runtimes.ts), "@" is the runtime picked on the view's slide, anything
// else a runtime id; "?param=value&..." after one narrows the parameter match for that source
// (e.g. "@ft?arena_max=2"; a comma-separated value is a list, a numeric one a number).
import { findExperiment } from '../../protocol/experiments.ts';
import type { RuntimePair } from '../../protocol/runtime.ts';
import type { Source } from './store.ts';

/** The pair's GIL build, in `data-runtimes`. */
export const PAIR_GIL = '@gil';
/** The pair's free-threaded build, in `data-runtimes`. */
export const PAIR_FT = '@ft';
/** The runtime picked on the slide, in `data-runtimes`. */
export const SELECTED = '@';

/** A runtime as a view names it: a symbol above, an id, or null (no runtime: machine-wide). */
export type RuntimeRef = string | null;

export interface ViewSource {
  experiment: string;
  runtime: RuntimeRef;
  match: Record<string, unknown> | undefined;
  /** The parameters of the runs this view shows live: every parameter of the experiment (its
   * defaults, the slide's data-params when the slide runs this experiment, then `match`). A saved or
   * streamed run with other parameters is not shown; the recorded result (found by `match`) is. */
  params?: Record<string, unknown> | undefined;
}

/** A view's parameters as its slide would run them (see ViewSource.params); undefined for an
 * experiment this deck does not know. */
export function slideParams(experiment: string, slide: Record<string, unknown> | undefined, match: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const exp = findExperiment(experiment);
  if (!exp) return undefined;
  const defaults = Object.fromEntries(Object.entries(exp.params).map(([k, s]) => [k, s.default]));
  return { ...defaults, ...slide, ...match };
}

/** The data-params of the slide holding `el`, when that slide runs `experiment`. */
function paramsOfSlide(el: unknown, experiment: string): Record<string, unknown> | undefined {
  const section = typeof (el as Element).closest === 'function' ? (el as Element).closest<HTMLElement>('section') : null;
  if (!section || section.dataset['live'] !== experiment || !section.dataset['params']) return undefined;
  return JSON.parse(section.dataset['params']) as Record<string, unknown>;
}

/** What resolves the symbols: the pair shown and the runtime picked on the view's slide. */
export interface SourceContext {
  pair: RuntimePair | null;
  selected: string | null;
}

function paramValue(v: string): unknown {
  if (v === 'true' || v === 'false') return v === 'true';
  if (v.includes(',')) return v.split(',');
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

/** A view element's sources, unresolved: one per `data-runtimes` entry, in order. */
export function parseViewSources(el: { dataset: DOMStringMap }): ViewSource[] {
  const experiment = el.dataset['experiment'] ?? '';
  const match = el.dataset['match'] ? (JSON.parse(el.dataset['match']) as Record<string, unknown>) : undefined;
  return (el.dataset['runtimes'] ?? '').split(' ').map((entry) => {
    const [runtime = '', query] = entry.split('?');
    const extra = Object.fromEntries([...new URLSearchParams(query ?? '')].map(([k, v]) => [k, paramValue(v)]));
    const narrowed = match || query ? { ...match, ...extra } : undefined;
    return { experiment, runtime: runtime || null, match: narrowed, params: slideParams(experiment, paramsOfSlide(el, experiment), narrowed) };
  });
}

/** The runtime id a reference stands for now (null: none, or not known yet). */
export function resolveRuntime(ref: RuntimeRef, ctx: SourceContext): string | null {
  if (ref === SELECTED) return ctx.selected;
  if (ref === PAIR_GIL) return ctx.pair?.gil ?? null;
  if (ref === PAIR_FT) return ctx.pair?.ft ?? null;
  return ref;
}

export function resolveSource(s: ViewSource, ctx: SourceContext): Source {
  return { experiment: s.experiment, runtime: resolveRuntime(s.runtime, ctx), match: s.match, ...(s.params ? { params: s.params } : {}) };
}

/** The runtime picked on an element's slide (the run bar's picker), if any. */
export function selectedRuntime(el: Element): string | null {
  return el.closest<HTMLElement>('section')?.dataset['selectedRuntime'] || null;
}
