// What the memory experiments put in their `partial` and `result` events (demos/arena.py,
// demos/allocators.py), as TypeBox schemas with the TypeScript types derived from them. Objects
// accept fields beyond those listed.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Bool, Nullable, Num, Str } from './typebox.ts';


/** One quantity over `repeats` processes: their median, lowest and highest value, and every value. */
export const Spread = Type.Object({ median: Num, low: Num, high: Num, values: Type.Array(Num) });
export type Spread = Static<typeof Spread>;

// ---- arena -------------------------------------------------------------------------------------
/** What a cell's native run and its row's baseline both measure. MiB are deltas from the process's own
 * start, except the arena bytes, which are what the arenas hold after the run. */
const ArenaFigures = {
  /** VmHWM minus RSS before: the peak while the threads ran. */
  peakRssMiB: Spread,
  /** malloc arenas glibc has after the run (main one included); null when glibc is not the allocator. */
  arenas: Nullable(Spread),
  /** Bytes the non-main arenas hold from the system after the run (malloc_info). */
  arenaMiB: Nullable(Spread),
};

export const ArenaCell = Type.Object({
  pythonThreads: Num,
  nativeThreads: Num,
  repeats: Num,
  ...ArenaFigures,
  /** RSS after the threads ended minus RSS before they started. */
  rssMiB: Spread,
  /** The arena bytes at the arenas' peaks (malloc_info's "max"), summed. */
  arenaPeakMiB: Nullable(Spread),
  /** Bytes in mmap'd chunks, which belong to no arena. */
  mmapMiB: Nullable(Spread),
  /** Seconds for the threaded part; the median native call per process, in ns. */
  seconds: Spread,
  callNs: Spread,
  failedCalls: Num,
  firstError: Type.Optional(Num),
  /** The baseline process of this row: the same Python threads without the native call. */
  interpreterMiB: Spread,
  baselineArenas: Nullable(Spread),
  baselineArenaMiB: Nullable(Spread),
  /** median(arenaMiB) - median(baselineArenaMiB); null without arena figures. */
  arenaExcessMiB: Nullable(Num),
  /** median(rssMiB) - median(interpreterMiB). */
  rssExcessMiB: Num,
  /** Which memory grew: the arena bytes (or, with another allocator, 'native': RSS) when every
   * native process is above every baseline process and the medians differ by more than
   * grewFloorMiB; the interpreter when its every process grew and its median by more than that. */
  grew: Type.Union([Type.Literal('arenas'), Type.Literal('native'), Type.Literal('interpreter'), Type.Literal('both'), Type.Literal('neither')]),
  /** Whether a process of this cell reached the arena limit (arenaLimit: arena_max, else glibc's 8 per
   * CPU): at the cap both builds can only tie. Null without arena figures (another allocator). */
  atArenaCap: Type.Optional(Nullable(Bool)),
});
export type ArenaCell = Static<typeof ArenaCell>;

/** A row's baseline: the same Python threads without the native call. */
export const ArenaBaseline = Type.Object({ pythonThreads: Num, interpreterMiB: Spread, ...ArenaFigures });
export type ArenaBaseline = Static<typeof ArenaBaseline>;

export const ArenaResult = Type.Object({
  loader: Str,
  /** The loader holds the GIL and the build has one: the N Python threads' calls cannot overlap. */
  gilHeldDuringCall: Bool,
  allocator: Str,
  /** The file LD_PRELOAD named (null for glibc). */
  allocatorLibrary: Nullable(Str),
  /** Arena figures are glibc's: null fields everywhere with another allocator. */
  arenasMeaningful: Bool,
  glibcTunables: Nullable(Str),
  python_threads: Type.Array(Num),
  native_threads: Type.Array(Num),
  calls: Num,
  block_kib: Num,
  blocks: Num,
  /** Every byte of each block written (resident); false: never written (the talk's recipe). Absent in records made before it was a parameter: written. */
  touch: Type.Optional(Bool),
  repeats: Num,
  arena_max: Num,
  mmap_threshold: Num,
  trim_threshold: Num,
  /** Whether the blocks are above glibc's mmap threshold ('at first': until its dynamic threshold rises). */
  blocksMmapped: Type.Union([Type.Literal('always'), Type.Literal('never'), Type.Literal('at first')]),
  cpuCount: Num,
  /** glibc's arena limit: arena_max, or 8 per CPU. */
  arenaLimit: Num,
  /** glibc's default arena cap on this machine, 8 × CPUs (64-bit; mallopt(3) M_ARENA_MAX). */
  glibcArenaCap: Type.Optional(Num),
  /** How many cells reached arenaLimit (atArenaCap); null without arena figures. */
  cellsAtCap: Type.Optional(Nullable(Num)),
  grewFloorMiB: Num,
  baselines: Type.Array(ArenaBaseline),
  /** Left out of the deck's bundled copy (the partials carry the same cells). */
  cells: Type.Optional(Type.Array(ArenaCell)),
  maxArenas: Nullable(Num),
});
export type ArenaResult = Static<typeof ArenaResult>;

// ---- allocators --------------------------------------------------------------------------------
/** One allocator in one scenario, over `repeats` processes. */
export const AllocatorArm = Type.Object({
  allocator: Str,
  /** The arm's name: the allocator, or "glibc-tuned" (glibc with the tunables given). */
  arm: Str,
  library: Nullable(Str),
  glibcTunables: Nullable(Str),
  /** Set when the arm could not run (its library missing): the other arms are kept. */
  error: Type.Optional(Str),
  peakRssMiB: Type.Optional(Spread),
  /** RSS after the threads ended (survivors still live where the scenario keeps some), from the start. */
  retainedMiB: Type.Optional(Spread),
  /** RSS after everything was freed, from the start. */
  releasedMiB: Type.Optional(Spread),
  /** Median native call (one alloc_pattern) per process, ns. */
  callNs: Type.Optional(Spread),
  /** Per allocation (malloc, touch, free), ns. */
  allocNs: Type.Optional(Spread),
  /** glibc's arena count after the run; null for the other allocators. */
  arenas: Type.Optional(Nullable(Spread)),
});
export type AllocatorArm = Static<typeof AllocatorArm>;

export const AllocatorScenario = Type.Object({
  id: Str,
  /** The row of the talk's table it measures (verbatim). */
  talkRow: Str,
  /** What ranks the arms, lowest first. */
  rankBy: Type.Union([Type.Literal('retainedMiB'), Type.Literal('peakRssMiB'), Type.Literal('allocNs'), Type.Literal('releasedMiB')]),
  workload: Str,
  arms: Type.Array(AllocatorArm),
});
export type AllocatorScenario = Static<typeof AllocatorScenario>;

export const AllocatorsResult = Type.Object({
  repeats: Num,
  cpuCount: Num,
  glibcTunables: Nullable(Str),
  /** Scenarios are also streamed one by one as partials; the deck's bundled copy leaves this out. */
  scenarios: Type.Optional(Type.Array(AllocatorScenario)),
  errors: Type.Array(Str),
});
export type AllocatorsResult = Static<typeof AllocatorsResult>;
