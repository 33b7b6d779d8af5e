// The arena risk matrix and the allocator scenarios on the real runtimes, small sizes: every cell
// measured in fresh processes; native threads with small blocks grow glibc's arenas; 64 MiB blocks
// are mmap'd and never land in an arena (the talk's demo), and left unwritten (touch=false, the
// talk's recipe) never become resident; arena_max caps the count; holding the
// GIL during the native call serialises the Python threads' calls, so fewer threads exist at once
// and glibc creates fewer arenas; jemalloc, tcmalloc and mimalloc really replace malloc.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { arenaCells, arenaRiskAmplified, cellAt, rankAllocators } from '../../analysis/arena.ts';
import { AllocatorsResult, ArenaCell, ArenaResult } from '../../protocol/arena.ts';
import { DriverEvent } from '../../protocol/events.ts';
import { cli } from '../helpers.ts';

const checkEvent = TypeCompiler.Compile(DriverEvent);
const checkArena = TypeCompiler.Compile(ArenaResult);
const checkCell = TypeCompiler.Compile(ArenaCell);
const checkAllocators = TypeCompiler.Compile(AllocatorsResult);
const RESULTS = mkdtempSync(join(tmpdir(), 'ffi-corners-arena-'));
const SMALL = ['block_kib=64', 'blocks=16'];

interface Run<R> {
  result: R;
  partials: { key: string; data: unknown }[];
  params: Record<string, unknown>;
  gil: boolean;
}

function run<R>(experiment: string, runtime: string, sets: string[], env: Record<string, string> = {}): Run<R> {
  const res = cli(['run', experiment, '--runtime', runtime, ...sets.flatMap((s) => ['--set', s]), '--json'], { FFI_CORNERS_RESULTS: RESULTS, ...env });
  assert.equal(res.code, 0, res.stderr + res.stdout.slice(-2000));
  const events = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as DriverEvent);
  for (const e of events) assert.ok(checkEvent.Check(e), `invalid event ${JSON.stringify(e).slice(0, 200)}`);
  assert.equal(events[0]!.type, 'meta');
  assert.equal(events.at(-1)!.type, 'result');
  const meta = events[0] as Extract<DriverEvent, { type: 'meta' }>;
  const partials = events.filter((e) => e.type === 'partial').map((e) => e as Extract<DriverEvent, { type: 'partial' }>).map((e) => ({ key: e.key, data: e.data }));
  const result = (events.at(-1) as Extract<DriverEvent, { type: 'result' }>).data as R;
  return { result, partials, params: meta.params, gil: meta.env.gilEnabledAfterImports };
}

function arena(runtime: string, sets: string[], env: Record<string, string> = {}): Run<ArenaResult> & { cells: ArenaCell[] } {
  const r = run<ArenaResult>('arena', runtime, sets, env);
  assert.ok(checkArena.Check(r.result), `result does not match its schema: ${JSON.stringify([...checkArena.Errors(r.result)][0])}`);
  for (const p of r.partials) assert.ok(checkCell.Check(p.data), `cell does not match its schema: ${JSON.stringify([...checkCell.Errors(p.data)][0])}`);
  const cells = arenaCells(r);
  for (const c of cells) assert.equal(c.failedCalls, 0, `N=${c.pythonThreads} M=${c.nativeThreads}: native calls failed (${c.firstError})`);
  return { ...r, cells };
}

for (const runtime of ['3.13.5-gil', '3.13.5-nogil']) {
  describe(`arena on ${runtime}`, () => {
    test('small blocks: the matrix is complete, each cell a median of its processes, and native threads grow the arenas', () => {
      const { result, partials, cells, gil } = arena(runtime, ['python_threads=1,2', 'native_threads=1,8', 'calls=1', 'repeats=2', ...SMALL]);
      assert.equal(gil, runtime.endsWith('-gil'));
      assert.deepEqual(cells.map((c) => `${c.pythonThreads}x${c.nativeThreads}`).sort(), ['1x1', '1x8', '2x1', '2x8']);
      assert.equal(partials.length, 4, 'a partial per cell');
      assert.equal(result.blocksMmapped, 'never');
      assert.equal(result.loader, 'pydll');
      assert.equal(result.gilHeldDuringCall, runtime.endsWith('-gil'));
      for (const c of cells) {
        assert.equal(c.rssMiB.values.length, 2, 'a value per process');
        assert.ok(c.arenas && c.arenas.low <= c.arenas.median && c.arenas.median <= c.arenas.high);
      }
      // 8 native threads, each its first malloc: more arenas than the same Python threads alone.
      for (const c of cells.filter((x) => x.nativeThreads === 8)) assert.ok(c.arenas!.median > c.baselineArenas!.median, `N=${c.pythonThreads}: ${c.arenas!.median} arenas vs ${c.baselineArenas!.median} without the native call`);
      // 16 x 64 KiB per native thread went through the thread arenas: together they reached 1 MiB.
      assert.ok(cells.some((c) => c.arenaPeakMiB!.median >= 1), 'no thread arena held the blocks');
    });

    test("64 MiB blocks (the talk's size) are mmap'd: they never land in an arena", () => {
      const { result, cells } = arena(runtime, ['python_threads=1', 'native_threads=2', 'calls=1', 'repeats=1', 'block_kib=65536', 'blocks=1']);
      assert.equal(result.blocksMmapped, 'always');
      const [c] = cells;
      assert.ok(c);
      assert.ok(c.peakRssMiB.median >= 64, `the blocks were real memory: peak +${c.peakRssMiB.median} MiB`);
      // No thread arena ever held a block: each stayed at its first heap (tcache, small bookkeeping).
      assert.ok(c.arenaPeakMiB!.median < 8, `the thread arenas reached ${c.arenaPeakMiB!.median} MiB`);
      assert.ok(c.rssMiB.median < 32, `RSS kept ${c.rssMiB.median} MiB: munmap gave the blocks back`);
    });

    test("the talk's recipe (touch=false): 64 MiB blocks never written are never resident, so its own cell 8×50 runs (25 GiB of address space)", () => {
      const { result, cells } = arena(runtime, ['python_threads=8', 'native_threads=50', 'calls=1', 'repeats=1', 'block_kib=65536', 'blocks=1', 'touch=false']);
      assert.equal(result.touch, false);
      assert.equal(result.blocksMmapped, 'always');
      const [c] = cells;
      assert.ok(c);
      // 50 blocks of 64 MiB existed at once in every call: less than one of them ever became resident.
      assert.ok(c.peakRssMiB.median < 64, `peak +${c.peakRssMiB.median} MiB: the untouched blocks were resident`);
    });

    for (const loader of ['pyo3-held', 'pyo3-released']) {
      test(`${loader}: the Rust workload writes its blocks by default and leaves them unwritten with touch=false`, () => {
        const peak = (touch: string) => arena(runtime, ['python_threads=1', 'native_threads=2', 'calls=1', 'repeats=1', 'block_kib=65536', 'blocks=1', `loader=${loader}`, `touch=${touch}`]).cells[0]!.peakRssMiB.median;
        const [written, unwritten] = [peak('true'), peak('false')];
        assert.ok(written >= 64, `written: peak +${written} MiB`);
        assert.ok(unwritten < 64, `unwritten: peak +${unwritten} MiB`);
      });
    }

    test('GLIBC_TUNABLES=glibc.malloc.arena_max=1 caps the count at one arena', () => {
      const r = arena(runtime, ['python_threads=2', 'native_threads=4', 'calls=1', 'repeats=1', 'arena_max=1', ...SMALL]);
      assert.match(r.result.glibcTunables ?? '', /glibc\.malloc\.arena_max=1/);
      for (const c of r.cells) {
        assert.equal(c.arenas!.high, 1);
        assert.equal(c.baselineArenas!.high, 1);
      }
      // Every cell reached its limit, and says so: at the cap both builds can only tie.
      assert.equal(r.result.arenaLimit, 1);
      assert.equal(r.result.glibcArenaCap, 8 * r.result.cpuCount);
      for (const c of r.cells) assert.equal(c.atArenaCap, true, `N=${c.pythonThreads} M=${c.nativeThreads}`);
      assert.equal(r.result.cellsAtCap, r.cells.length);
    });

    test("glibc's default cap (8 per CPU) is reported; one native thread is far below it", () => {
      const r = arena(runtime, ['python_threads=1', 'native_threads=1', 'calls=1', 'repeats=1', ...SMALL]);
      assert.equal(r.result.arenaLimit, 8 * r.result.cpuCount);
      assert.equal(r.result.glibcArenaCap, r.result.arenaLimit);
      const [c] = r.cells;
      assert.ok(c!.arenas!.high < r.result.arenaLimit, `${c!.arenas!.high} arenas`);
      assert.equal(c!.atArenaCap, false);
      assert.equal(r.result.cellsAtCap, 0);
    });
  });
}

describe('the GIL held during the native call serialises the calls: fewer arenas', () => {
  // N=8 Python threads x M=4 native threads per call. Held, the calls cannot overlap: at most M
  // native threads live at once, and each exiting thread's arena is reused by the next call's
  // threads. Released, up to N x M = 32 live at once, each wanting an arena (up to glibc's limit).
  // 64 blocks of 64 KiB (4 MiB written per thread): each native thread lives long enough to be
  // preempted on a 2-core machine, so released calls do overlap there too.
  const sets = ['python_threads=8', 'native_threads=4', 'calls=3', 'repeats=3', 'block_kib=64', 'blocks=64'];
  const at84 = (r: { cells: ArenaCell[] }) => {
    const c = cellAt(r.cells, 8, 4);
    assert.ok(c && c.arenas && c.baselineArenas);
    return c as ArenaCell & { arenas: NonNullable<ArenaCell['arenas']>; baselineArenas: NonNullable<ArenaCell['baselineArenas']> };
  };
  const runs = new Map<string, ReturnType<typeof arena>>();
  const get = (runtime: string, loader: string) => {
    const key = `${runtime}/${loader}`;
    if (!runs.has(key)) runs.set(key, arena(runtime, [...sets, `loader=${loader}`]));
    return runs.get(key)!;
  };

  for (const [held, released] of [['pydll', 'cdll'], ['pyo3-held', 'pyo3-released']] as const) {
    test(`3.13.5-gil: ${held} creates fewer arenas than ${released} at N=8, M=4`, () => {
      const h = at84(get('3.13.5-gil', held));
      const r = at84(get('3.13.5-gil', released));
      assert.equal(get('3.13.5-gil', held).result.gilHeldDuringCall, true);
      assert.equal(get('3.13.5-gil', released).result.gilHeldDuringCall, false);
      // Held: the Python threads' own arenas (the baseline) plus at most M for the native threads.
      assert.ok(h.arenas.high <= h.baselineArenas.high + 4, `${held}: ${h.arenas.high} arenas, more than ${h.baselineArenas.high} + M=4`);
      assert.ok(h.arenas.median < r.arenas.median, `${held}: ${h.arenas.median} arenas, ${released}: ${r.arenas.median}`);
    });
  }

  test('held through PyDLL, the free-threaded build still overlaps the calls: more arenas than the GIL build', () => {
    const gil = get('3.13.5-gil', 'pydll');
    const nogil = get('3.13.5-nogil', 'pydll');
    assert.equal(nogil.result.gilHeldDuringCall, false, 'no GIL to hold');
    assert.ok(at84(gil).arenas.median < at84(nogil).arenas.median, `GIL ${at84(gil).arenas.median} arenas, free-threaded ${at84(nogil).arenas.median}`);
    // The claim both ways, each with an interval, read from the same two runs.
    const { talkWay, likeForLike } = arenaRiskAmplified(gil, nogil);
    assert.ok(talkWay && likeForLike);
    assert.deepEqual([likeForLike.pythonThreads, likeForLike.nativeThreads], [8, 4]);
    assert.ok(likeForLike.ratio !== null && likeForLike.low !== null && likeForLike.high !== null);
    assert.ok(likeForLike.low <= likeForLike.ratio && likeForLike.ratio <= likeForLike.high);
    assert.equal(likeForLike.ratio, likeForLike.numerator.median / likeForLike.denominator.median);
  });
});

describe('allocators', () => {
  for (const allocator of ['jemalloc', 'tcmalloc', 'mimalloc']) {
    test(`arena with allocator=${allocator}: the library is preloaded, arena figures are left out`, () => {
      const { result, cells } = arena('3.13.5-gil', ['python_threads=2', 'native_threads=4', 'calls=1', 'repeats=1', `allocator=${allocator}`, ...SMALL]);
      assert.equal(result.allocator, allocator);
      assert.match(result.allocatorLibrary ?? '', new RegExp(`lib${allocator === 'tcmalloc' ? 'tcmalloc_minimal' : allocator}\\.so`));
      assert.equal(result.arenasMeaningful, false);
      for (const c of cells) {
        assert.equal(c.arenas, null);
        assert.ok(c.peakRssMiB.median > 0, 'the blocks were touched: RSS rose');
        assert.notEqual(c.grew, 'arenas');
      }
    });
  }

  test('a missing allocator library: a clear error with the apt command', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-libs-'));
    const res = cli(['run', 'arena', '--runtime', '3.13.5-gil', '--set', 'allocator=jemalloc', '--set', 'python_threads=1', '--set', 'native_threads=1', '--json'], {
      FFI_CORNERS_RESULTS: RESULTS,
      FFI_CORNERS_ALLOCATOR_DIRS: empty,
    });
    assert.notEqual(res.code, 0);
    assert.match(res.stdout + res.stderr, /libjemalloc\.so\.2 not found in .*sudo apt-get install libjemalloc2/);
  });

  test('tunables out of bounds are refused before anything runs, bounds in the message', () => {
    const dir = join(RESULTS, 'arena', '3.13.5-gil');
    const before = existsSync(dir) ? readdirSync(dir).length : 0;
    for (const [set, bounds] of [['mmap_threshold=40000', /0\.\.32768 KiB/], ['trim_threshold=-1', /0\.\.1048576 KiB/], ['arena_max=5000', /0\.\.1024/], ['allocator=ptmalloc9', /glibc, jemalloc, tcmalloc, mimalloc/]] as const) {
      const res = cli(['run', 'arena', '--runtime', '3.13.5-gil', '--set', set, '--json'], { FFI_CORNERS_RESULTS: RESULTS });
      assert.notEqual(res.code, 0, set);
      assert.match(res.stderr, bounds, set);
    }
    assert.equal(existsSync(dir) ? readdirSync(dir).length : 0, before, 'no run was recorded');
  });

  test('the scenarios of the talk\'s table: every allocator measured and ranked, glibc-tuned capped, a missing one reported beside the others', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-libs-'));
    // Only glibc needs no library: with an empty search path, the other arms fail, glibc's are kept.
    const missing = run<AllocatorsResult>('allocators', '3.13.5-gil', ['allocators=glibc,mimalloc', 'scenarios=latency', 'repeats=1'], { FFI_CORNERS_ALLOCATOR_DIRS: empty });
    const [lat] = missing.result.scenarios!;
    assert.match(lat!.arms.find((a) => a.arm === 'mimalloc')!.error ?? '', /sudo apt-get install libmimalloc2\.0/);
    assert.ok(lat!.arms.find((a) => a.arm === 'glibc')!.allocNs!.median > 0);

    const r = run<AllocatorsResult>('allocators', '3.13.5-gil', ['repeats=1', 'arena_max=2']);
    assert.ok(checkAllocators.Check(r.result), JSON.stringify([...checkAllocators.Errors(r.result)][0]));
    assert.deepEqual(r.result.errors, []);
    const scenarios = r.result.scenarios!;
    assert.deepEqual(scenarios.map((s) => s.id), ['short-lived-threads', 'long-lived-rss', 'latency', 'tight-memory', 'high-thread-count']);
    for (const s of scenarios) {
      assert.deepEqual(s.arms.map((a) => a.arm), ['glibc', 'jemalloc', 'tcmalloc', 'mimalloc', 'glibc-tuned']);
      assert.deepEqual(rankAllocators(s).map((x) => x.rank).sort(), [1, 2, 3, 4, 5]);
      for (const a of s.arms) {
        assert.ok(a.peakRssMiB!.median > 0 && a.allocNs!.median > 0, `${s.id}/${a.arm}`);
        assert.equal(a.arenas === null, a.allocator !== 'glibc');
      }
    }
    // 200 threads with their blocks live at once: glibc gives them arenas up to its limit (more
    // than one); arena_max=2 caps it at 2.
    const high = scenarios.find((s) => s.id === 'high-thread-count')!;
    assert.ok(high.arms.find((a) => a.arm === 'glibc')!.arenas!.median > 2);
    assert.ok(high.arms.find((a) => a.arm === 'glibc-tuned')!.arenas!.high <= 2);
    // long-lived-rss keeps 1/32 of the last round's blocks alive (4 threads x 1,250 blocks of ~1 KiB):
    // every allocator retains at least those 5 MiB.
    const rss = scenarios.find((s) => s.id === 'long-lived-rss')!;
    for (const a of rss.arms) assert.ok(a.retainedMiB!.median >= 4, `${a.arm}: retained ${a.retainedMiB!.median} MiB with ~5 MiB live`);
  });
});

describe('run --list', () => {
  test('lists loader and allocator with their choices', () => {
    const res = cli(['run', '--list', '--json']);
    assert.equal(res.code, 0, res.stderr);
    const list = JSON.parse(res.stdout) as { id: string; params: Record<string, { choices?: string[] }> }[];
    const a = list.find((e) => e.id === 'arena')!;
    assert.deepEqual(a.params['loader']!.choices, ['pydll', 'cdll', 'pyo3-held', 'pyo3-released']);
    assert.deepEqual(a.params['allocator']!.choices, ['glibc', 'jemalloc', 'tcmalloc', 'mimalloc']);
    assert.ok(list.find((e) => e.id === 'allocators'));
  });
});
