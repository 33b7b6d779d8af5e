// Runtimes and bindings: the one definition shared by the CLI, the server, the deck and tests.
// The bindings themselves come from the one list, native/python/ffibench/bindings.json, which the
// Python side (native/build.py, native/probe.py, the ffibench package) reads too.
import { Type, type Static } from '@sinclair/typebox';
import { Bool, Nullable, Str } from './typebox.ts';
import bindingList from '../native/python/ffibench/bindings.json' with { type: 'json' };

/** One entry of bindings.json (its "about" field says what each field means). */
export const BindingSpec = Type.Object({
  id: Str,
  /** What `ffibench.load(id)` imports. */
  module: Str,
  /** The compiled module native/build.py builds into the package, or null. */
  extension: Nullable(Str),
  language: Str,
  /** Pinned packages of native/requirements-build.txt it needs. */
  toolchains: Type.Array(Str),
  /** Functions called through a Python-level wrapper (an extra frame) in front of the binding's own callable. */
  wrapped: Type.Array(Str),
  /** No native call at all: the pure-Python baseline. */
  baseline: Type.Optional(Bool),
  /** Upstream supports free-threaded builds only from `since`; rows built below it carry `note`. */
  freeThreading: Type.Optional(Type.Object({ since: Str, note: Str })),
});
export type BindingSpec = Static<typeof BindingSpec>;

export const BindingList = Type.Object({
  about: Str,
  /** The functions every binding exposes. */
  functions: Type.Array(Str),
  /** In display order. */
  bindings: Type.Array(BindingSpec),
});
export type BindingList = Static<typeof BindingList>;

/** bindings.json, checked against BindingList by the compiler (and by tests/unit/bindings.test.ts). */
const LIST: BindingList = bindingList;

/** Every binding's entry, in display order. */
export const BINDINGS: readonly BindingSpec[] = LIST.bindings;

/** Binding ids, the same everywhere (CLI, protocol, charts, results), in display order. */
export const BINDING_IDS: readonly string[] = BINDINGS.map((b) => b.id);
/** A binding id (one of BINDING_IDS; the list is data, so the type is a string). */
export type BindingId = string;

/** The functions every binding exposes, in display order. */
export const BINDING_FUNCTIONS: readonly string[] = LIST.functions;

export const bindingSpec = (id: string): BindingSpec | undefined => BINDINGS.find((b) => b.id === id);

/** The binding every other one is compared with: the hand-written CPython C-API module (the floor). */
export const FLOOR_BINDING: BindingId = 'capi';

const indexIn = (list: readonly string[], id: string): number => {
  const i = list.indexOf(id);
  return i < 0 ? list.length : i;
};
/** A binding's place in display order; unknown ids after every known one. */
export const bindingIndex = (id: string): number => indexIn(BINDING_IDS, id);
/** Compares binding ids for sorting: display order, unknown ids after it alphabetically. */
export const byBindingOrder = (a: string, b: string): number => bindingIndex(a) - bindingIndex(b) || a.localeCompare(b);
/** A function's place in bindings.json's order; unknown ones after. */
export const functionIndex = (fn: string): number => indexIn(BINDING_FUNCTIONS, fn);
/** Compares function names for sorting: bindings.json's order, unknown ones after it alphabetically. */
export const byFunctionOrder = (a: string, b: string): number => functionIndex(a) - functionIndex(b) || a.localeCompare(b);

const versionParts = (v: string): number[] => v.split('.').map((p) => Number.parseInt(p, 10) || 0);
function versionBelow(version: string, since: string): boolean {
  const a = versionParts(version);
  const b = versionParts(since);
  for (let i = 0; i < b.length; i++) if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) < b[i]!;
  return false;
}

/** The note a binding's row carries on a runtime (e.g. cffi on 3.13t), as native/build.py reports it; null if none. */
export function bindingNote(id: string, env: { version: string; freeThreadedBuild: boolean } | undefined | null): string | null {
  const ft = bindingSpec(id)?.freeThreading;
  return ft && env?.freeThreadedBuild && versionBelow(env.version, ft.since) ? ft.note : null;
}

export const BindingStatus = Type.Object({
  /** ok: imports and returns correct values; error: build or import or value check failed;
   * missing: not built for this runtime (yet). */
  status: Type.Union([Type.Literal('ok'), Type.Literal('error'), Type.Literal('missing')]),
  error: Type.Optional(Str),
  note: Type.Optional(Str),
  /** sys._is_gil_enabled() in a fresh process right after importing only this binding. */
  gilEnabledAfterImport: Nullable(Bool),
});
export type BindingStatus = Static<typeof BindingStatus>;

export const RuntimeSource = Type.Union([Type.Literal('built'), Type.Literal('system'), Type.Literal('config')]);

// ---- derived runtimes ---------------------------------------------------------------------------
/** The talk's condition: a free-threaded interpreter with the GIL forced back on (PYTHON_GIL=1), as
 * its unmarked extension modules did on import. Every free-threaded runtime `<id>` gets a derived
 * runtime `<id>-gil-on`: the same interpreter and environment, this variable set by the server. */
export const GIL_ON_SUFFIX = '-gil-on';
/** The environment a derived runtime adds to every process it runs (set by the server from the
 * runtime's definition, never from a message). */
export const GIL_ON_ENV: Readonly<Record<string, string>> = Object.freeze({ PYTHON_GIL: '1' });
/** Variables that change the interpreter's GIL; removed from every run's inherited environment, so
 * only a runtime's definition sets them. */
export const RUNTIME_CONTROLLED_ENV = ['PYTHON_GIL'] as const;

export const gilOnId = (freeThreadedId: string): string => `${freeThreadedId}${GIL_ON_SUFFIX}`;
/** The runtime whose interpreter and environment a runtime uses: itself, or the free-threaded
 * runtime a `-gil-on` runtime is derived from. */
export const baseRuntimeId = (id: string): string => (id.endsWith(GIL_ON_SUFFIX) ? id.slice(0, -GIL_ON_SUFFIX.length) : id);

export const RuntimeInfo = Type.Object({
  id: Str,
  /** The interpreter of this runtime's virtual environment (what experiments run). */
  path: Str,
  /** The base interpreter the environment was made from. */
  basePath: Str,
  version: Str,
  source: RuntimeSource,
  freeThreadedBuild: Bool,
  /** sys._is_gil_enabled() after importing every binding that imports (true where the build has a GIL). */
  gilEnabledAfterImports: Bool,
  /** configure flags of a CPython built by ffi-corners; null for interpreters found on the machine. */
  configureFlags: Nullable(Type.Array(Str)),
  bindings: Type.Record(Str, BindingStatus),
  /** A derived runtime (`<id>-gil-on`): the runtime it is derived from; absent for a build. */
  derivedFrom: Type.Optional(Str),
  /** The environment the server sets for every process of this runtime (e.g. PYTHON_GIL=1). */
  env: Type.Optional(Type.Record(Str, Str)),
});
export type RuntimeInfo = Static<typeof RuntimeInfo>;

// ---- pairs --------------------------------------------------------------------------------------
/** What pairing needs to know of a runtime (a subset of RuntimeInfo). */
export interface RuntimeBuild {
  id: string;
  version: string;
  freeThreadedBuild: boolean;
  /** A derived runtime (the free-threaded build with the GIL forced on): never one of a pair's builds. */
  derivedFrom?: string | undefined;
}

/** The GIL and the free-threaded build of one CPython version; either may be missing. */
export interface RuntimePair {
  version: string;
  gil: string | null;
  ft: string | null;
}

export type PairRole = 'gil' | 'ft';

export const isComplete = (p: RuntimePair): p is RuntimePair & { gil: string; ft: string } => p.gil !== null && p.ft !== null;

/** "3.13" of "3.13.5". */
export const minorOf = (version: string): string => version.split('.').slice(0, 2).join('.');

/** The project's one pairing of GIL and free-threaded builds: by version (or by what `keyOf` makes
 * of it, e.g. `minorOf`), in the order the versions were first seen; within a version the first build
 * of each kind counts. Derived runtimes are not builds: they are left out. */
export function pairByVersion(builds: readonly RuntimeBuild[], keyOf: (version: string) => string = (v) => v): RuntimePair[] {
  const pairs = new Map<string, RuntimePair>();
  for (const b of builds) {
    if (b.derivedFrom) continue;
    const version = keyOf(b.version);
    let p = pairs.get(version);
    if (!p) pairs.set(version, (p = { version, gil: null, ft: null }));
    const role: PairRole = b.freeThreadedBuild ? 'ft' : 'gil';
    p[role] ??= b.id;
  }
  return [...pairs.values()];
}

