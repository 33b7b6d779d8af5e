// What a run leaves on disk (results/<experiment>/<runtime>/*.json) and what the deck shows:
// one record schema (the type derived from it), and one way to fold driver events into it, for the
// runner and the deck.
import { Type, type Static } from '@sinclair/typebox';
import { Bool, Nullable, Num, Str } from './typebox.ts';
import { MetaEvent, RunUsage, type DriverEvent } from './events.ts';
import type { Params, ParamValue } from './experiments.ts';


/** incomplete: the process that ran it died mid-run (e.g. a server killed with kill -9). */
export const RunStatus = Type.Union([
  Type.Literal('running'),
  Type.Literal('ok'),
  Type.Literal('error'),
  Type.Literal('cancelled'),
  Type.Literal('timeout'),
  Type.Literal('incomplete'),
]);
export type RunStatus = Static<typeof RunStatus>;

/** A validated parameter value (experiments.ts ParamValue, whose lists are read-only). */
const ParamValueSchema = Type.Unsafe<ParamValue>(
  Type.Union([Num, Bool, Str, Type.Array(Str), Type.Array(Num)]),
);

/** Whether a finished run's numbers may be used (analysis/quality.ts decides): `ok` false with the
 * reasons (a sample at or below zero, a median below the C-API floor by more than the timer's
 * resolution, a 1-minute load above the CPU count). Such a run is shown, badged, and left out of verdicts. */
export const RecordQuality = Type.Object({ ok: Bool, reasons: Type.Array(Str) });
export type RecordQuality = Static<typeof RecordQuality>;

/** What a run leaves on disk: everything it measured, even when it failed. */
export const RunRecord = Type.Object({
  experiment: Str,
  runtimeId: Nullable(Str),
  params: Type.Unsafe<Params>(Type.Record(Str, ParamValueSchema)),
  status: RunStatus,
  /** Why it did not finish: the driver's error, the signal, the exit code, the last stderr lines. */
  reason: Nullable(Str),
  meta: Nullable(MetaEvent),
  /** Every sample, by series, in arrival order. */
  samples: Type.Record(Str, Type.Array(Num)),
  unit: Nullable(Str),
  /** Experiment-specific pieces, by key, in arrival order. */
  partials: Type.Array(Type.Object({ key: Str, data: Type.Unknown() })),
  /** The driver's result, checked against its experiment's schema (protocol/results.ts) when it arrived. */
  result: Type.Unknown(),
  /** Error events: the driver's own (a binding that failed to import, ...) and the runner's
   * (a line off the protocol, a result of the wrong shape). The run fails on a runner error, or a
   * driver error without a result. */
  errors: Type.Array(Str),
  stderrTail: Type.Array(Str),
  startedAt: Str,
  finishedAt: Nullable(Str),
  durationS: Nullable(Num),
  exitCode: Nullable(Num),
  signal: Nullable(Str),
  /** Who used the machine while it measured (the driver's result event; absent in older records). */
  usage: Type.Optional(RunUsage),
  /** Set when the run finishes (absent in records made before the gates existed: compute it with
   * analysis/quality.ts qualityOf). */
  quality: Type.Optional(RecordQuality),
});
export type RunRecord = Static<typeof RunRecord>;

/** Whether a record was measured on a free-threaded build, as its driver reported it (`meta.env`);
 * null before its meta arrived. The one source of this fact: never guessed from the runtime id. */
export const freeThreadedOf = (r: RunRecord | null | undefined): boolean | null => r?.meta?.env.freeThreadedBuild ?? null;

/** Each runtime id of `records` with the environment its first record that has one reports (first seen first). */
export function runtimeEnvs(records: Iterable<RunRecord>): Map<string, NonNullable<RunRecord['meta']>['env']> {
  const out = new Map<string, NonNullable<RunRecord['meta']>['env']>();
  for (const r of records) {
    const env = r.meta?.env;
    if (r.runtimeId && env && !out.has(r.runtimeId)) out.set(r.runtimeId, env);
  }
  return out;
}

/** A record of a run that has just started: nothing measured yet. */
export function newRecord(experiment: string, runtimeId: string | null, params: Params, startedAt: string): RunRecord {
  return {
    experiment,
    runtimeId,
    params,
    status: 'running',
    reason: null,
    meta: null,
    samples: {},
    unit: null,
    partials: [],
    result: null,
    errors: [],
    stderrTail: [],
    startedAt,
    finishedAt: null,
    durationS: null,
    exitCode: null,
    signal: null,
  };
}

/** Folds one driver event into a record (progress events carry nothing to keep). */
export function applyDriverEvent(record: RunRecord, e: DriverEvent): void {
  switch (e.type) {
    case 'meta':
      record.meta = e;
      break;
    case 'samples':
      record.unit = e.unit;
      for (const [series, values] of Object.entries(e.data)) {
        const into = (record.samples[series] ??= []);
        for (const v of values) into.push(v); // no spread: a batch may be larger than the argument limit
      }
      break;
    case 'partial':
      record.partials.push({ key: e.key, data: e.data });
      break;
    case 'result':
      record.result = e.data;
      if (e.usage) record.usage = e.usage;
      break;
    case 'error':
      record.errors.push(e.message);
      break;
    case 'progress':
      break;
  }
}

/** Parameters as one comparable string, the same for the same values whatever the keys' order: what
 * groups runs "with identical parameters" (batches, arms, planned runs). */
export function paramsKey(params: Record<string, unknown>): string {
  return JSON.stringify(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The project's one parameter matcher (the deck's views, the server's `latest`, the claims): a run
 * matches when each wanted parameter equals its own, compared as JSON, except that a wanted list
 * matches a run's list holding every wanted item (a run of more bindings or functions serves a view
 * of fewer; a run of fewer does not). Parameters not named in `wanted` are not compared, so a view
 * that must show only runs made with its slide's parameters names all of them (slides/live/sources.ts).
 */
export function paramsMatch(params: Record<string, unknown> | undefined, wanted: Record<string, unknown> | undefined): boolean {
  if (!wanted) return true;
  const have = params ?? {};
  return Object.entries(wanted).every(([k, want]) => {
    const got = Object.hasOwn(have, k) ? have[k] : undefined;
    if (Array.isArray(want)) {
      if (!Array.isArray(got)) return false;
      const items = new Set(got.map((g) => JSON.stringify(g)));
      return want.every((w) => items.has(JSON.stringify(w)));
    }
    return JSON.stringify(got) === JSON.stringify(want);
  });
}
