// The talk's own figures, transcribed from its slides (PyCon TW 2025, "Python FFI 的陰暗角落"):
// the one place the deck, the CLI reports and the claims (analysis/claims.ts) take reference values
// and the talk's words from. Every figure is shown with TALK_SOURCE next to it. The slide text
// does not say which runtime each statistics table came from; they are named here by their place
// in the talk.

export const TALK_SOURCE = 'The talk: “Python FFI 的陰暗角落”, PyCon TW 2025 (scc)';

export const TALK_MACHINE = {
  kernel: 'Linux 6.15.9-arch1-1, isolcpus=2-7 nohz_full=2-7 rcu_nocbs=2-7',
  cpu: 'i5-13500 (2.5G lock freq), 32G DDR4-3200',
  disabled: 'Disable Turbo Boost, SMT/Hyper-Threading, ASLR',
  pinning: 'numactl --physcpubind=0-7 --membind=0',
  hugePages: 'Huge pages 128k',
  toolchain: 'GCC 15.1.1 20250729, Glibc 2.42, Rust 1.88.0',
  pythons: 'CPython: 3.13.5, 3.14.0rc1',
};

export interface StatRow {
  method: 'ctypes' | 'cffi' | 'pybind11' | 'pyo3';
  cv: number;
  skewness: number;
  kurtosis: number;
  std: number;
  mad: number;
}
export interface PairRow {
  a: string;
  b: string;
  p: string;
  bh: string;
  faster: string;
}
export interface StatTable {
  id: string;
  /** Where in the talk it appears. */
  where: string;
  stats: StatRow[];
  pairs: PairRow[];
}

const s = (method: StatRow['method'], cv: number, skewness: number, kurtosis: number, std: number, mad: number): StatRow => ({ method, cv, skewness, kurtosis, std, mad });
const pr = (a: string, b: string, p: string, bh: string, faster: string): PairRow => ({ a, b, p, bh, faster });

/** "Method statistics (shown data)" and "Mann-Whitney U p-values and Benjamini-Hochberg adjusted p-values". */
export const TALK_TABLES: StatTable[] = [
  {
    id: 'A',
    where: '“Benchmark ctypes, cffi, pybind11, PyO3”, first table',
    stats: [s('ctypes', 0.047, 1.3, 1.01, 13.1, 8.9), s('cffi', 0.063, 1.22, 0.782, 16.4, 8.9), s('pybind11', 0.098, 1.14, 0.182, 18.6, 7.41), s('pyo3', 0.119, 1.15, 0.121, 16.5, 5.93)],
    pairs: [
      pr('ctypes', 'cffi', '9.71e-25', '9.71e-25', 'cffi'),
      pr('ctypes', 'pybind11', '1.30e-61', '2.59e-61', 'pybind11'),
      pr('ctypes', 'pyo3', '3.55e-63', '1.58e-62', 'pyo3'),
      pr('cffi', 'pybind11', '3.90e-60', '5.84e-60', 'pybind11'),
      pr('cffi', 'pyo3', '5.28e-63', '1.58e-62', 'pyo3'),
      pr('pybind11', 'pyo3', '8.13e-49', '9.75e-49', 'pyo3'),
    ],
  },
  {
    id: 'B',
    where: '“Benchmark ctypes, cffi, pybind11, PyO3”, second table',
    stats: [s('ctypes', 0.056, 1.14, 0.803, 17.0, 13.3), s('cffi', 0.088, 1.12, 0.561, 26.6, 17.8), s('pybind11', 0.123, 1.04, 0.149, 31.0, 16.3), s('pyo3', 0.139, 1.05, -0.165, 20.6, 7.41)],
    pairs: [
      pr('ctypes', 'cffi', '1.18e-03', '1.18e-03', 'cffi'),
      pr('ctypes', 'pybind11', '3.46e-42', '5.18e-42', 'pybind11'),
      pr('ctypes', 'pyo3', '3.88e-64', '1.17e-63', 'pyo3'),
      pr('cffi', 'pybind11', '1.12e-36', '1.34e-36', 'pybind11'),
      pr('cffi', 'pyo3', '3.84e-64', '1.17e-63', 'pyo3'),
      pr('pybind11', 'pyo3', '1.24e-62', '2.48e-62', 'pyo3'),
    ],
  },
  {
    id: 'C',
    where: '“Why PyO3 fast, but ctypes slow?”, first table',
    stats: [s('ctypes', 0.012, 0.212, 0.822, 2.38, 1.48), s('cffi', 0.045, 1.14, 0.666, 11.9, 8.9), s('pybind11', 0.014, 0.851, 3.76, 2.49, 1.48), s('pyo3', 0.016, 0.8, 1.28, 2.33, 1.48)],
    pairs: [
      pr('ctypes', 'cffi', '1.61e-65', '9.67e-65', 'ctypes'),
      pr('ctypes', 'pybind11', '1.42e-47', '1.42e-47', 'pybind11'),
      pr('ctypes', 'pyo3', '5.13e-63', '1.03e-62', 'pyo3'),
      pr('cffi', 'pybind11', '8.30e-63', '1.24e-62', 'pybind11'),
      pr('cffi', 'pyo3', '2.46e-64', '7.38e-64', 'pyo3'),
      pr('pybind11', 'pyo3', '3.84e-56', '4.61e-56', 'pyo3'),
    ],
  },
  {
    id: 'D',
    where: '“Why PyO3 fast, but ctypes slow?”, second table',
    stats: [s('ctypes', 0.061, 1.67, 1.57, 7.3, 2.97), s('cffi', 0.075, 1.13, 0.413, 12.6, 7.41), s('pybind11', 0.104, 0.963, -0.159, 11.2, 4.45), s('pyo3', 0.11, 1.23, 0.537, 8.53, 2.97)],
    pairs: [
      pr('ctypes', 'cffi', '1.84e-65', '1.10e-64', 'ctypes'),
      pr('ctypes', 'pybind11', '5.37e-21', '5.37e-21', 'pybind11'),
      pr('ctypes', 'pyo3', '4.02e-61', '6.02e-61', 'pyo3'),
      pr('cffi', 'pybind11', '3.42e-64', '6.85e-64', 'pybind11'),
      pr('cffi', 'pyo3', '2.92e-64', '6.85e-64', 'pyo3'),
      pr('pybind11', 'pyo3', '3.73e-55', '4.48e-55', 'pyo3'),
    ],
  },
];

/** "Recap" of "Why Free-Threaded Makes Them Slower?" (verbatim). */
export const TALK_FREE_THREADED_RECAP = [
  'Python 3.13-NoGIL shows higher overhead than 3.13-GIL when crossing FFI boundaries.',
  'Python 3.14-NoGIL achieves perf close to 3.14-GIL for FFI calls.',
  'Lock-free execution does not guarantee speedups in some cases the locked implementation is faster.',
  'Unicode translation carries a significant overhead in NoGIL mode.',
];

/** "Recap" of "Why PyO3 fast, but ctypes slow?" (verbatim). */
export const TALK_PYO3_RECAP = [
  'PyDLL > CDLL over a 20% performance when NoGIL.',
  'PyO3 includes deep opt for vector calls without the GIL.',
  'The libffi trampoline emerges as the next bottleneck.',
];

/** cdll_vs_pydll.py output, 3.14.0rc1 (one timing each). */
export const TALK_CDLL_VS_PYDLL = {
  calls: 2_000_000,
  python: '3.14.0rc1',
  gil: { cdll: 0.643, pydll: 0.526, speedup: 1.222 },
  nogil: { cdll: 0.581, pydll: 0.533, speedup: 1.089 },
};

/** pydll_blocking.py output, 3.14.0rc1: "Iterations during C sleep". The slide does not label which
 * of each pair is CDLL and which PyDLL; the talk's CDLL/PyDLL table says PyDLL blocks. */
export const TALK_BLOCKING = {
  python: '3.14.0rc1',
  gil: { first: 10_560_279, second: 32_000 },
  nogil: { first: 6_967_550, second: 6_962_745 },
};

/** The CDLL / PyDLL table (verbatim). */
export const TALK_LOADERS = [
  { loader: 'CDLL', released: 'Yes', bestFor: 'Long-running C code, multi-thread', risk: 'Unsafe for Python C API calls' },
  { loader: 'PyDLL', released: 'No', bestFor: 'Short C calls, Python C API usage, single-thread', risk: 'Blocks other threads, can deadlock' },
];

/** demo_race_condition.py outputs (PyDLL, 50 threads x 10,000; bank 100 threads, $1000, $50, 3 attempts). */
export const TALK_RACES = {
  params: { threads: 50, iterations: 10_000, bank_threads: 100, bank_balance: 1000, bank_amount: 50, bank_attempts: 3 },
  gil: {
    counter: { unsafe: 500_000, mutex: 500_000, atomic: 500_000, lost: 0, accuracy: 1.0 },
    bank: { unsafe: { successful: 20, withdrawn: 1000, final: 0, sum: 1000, consistent: true }, safe: { successful: 20, withdrawn: 1000, final: 0, sum: 1000, consistent: true } },
    repeats: { counterRaces: '0 / 5', counterAccuracy: 1.0, bankRaces: '0 / 5' },
  },
  nogil: {
    python: '3.13.5',
    counter: { unsafe: 400_766, mutex: 500_000, atomic: 500_000, lost: 99_234, accuracy: 0.802 },
    bank: { unsafe: { successful: 300, withdrawn: 15000, final: 300, sum: 15300, consistent: false }, safe: { successful: 20, withdrawn: 1000, final: 0, sum: 1000, consistent: true } },
    repeats: { counterRaces: '5 / 5', counterAccuracy: 0.637, averageLost: 181_450, bankRaces: '2 / 5' },
  },
  /** "Racing global states after No-GIL" summary table. */
  matrix: [
    { ffi: 'Thread Safe FF', gil: 'Safe', nogil: 'Safe' },
    { ffi: 'Non Thread Safe FF', gil: 'Uncertain', nogil: 'Race!' },
  ],
  recap: ['Be aware that the GIL protects unsafe global states.', 'Not all FFI calls are protected by the GIL.', 'Ensure your FFI code is thread-safe.'],
};

/** arena_test.py --arena-risk --python-threads 8 --rust-threads 50 (64 MiB per Rust thread). */
export const TALK_ARENA = {
  pythonThreads: 8,
  rustThreads: 50,
  rows: [
    { python: '3.13.5', gil: 0.56, nogil: 16.57, amplification: 29.46 },
    { python: '3.14.0rc1', gil: 0.59, nogil: 32.6, amplification: 55.26 },
  ],
};

/** The arena slides' words (verbatim). */
export const TALK_ARENA_WORDS = {
  amplification: '⚠️ Risk Amplification:\t29.46x',
  matrix: 'Arena Leakage Risk Matrix: GIL vs no-GIL\n(X: Python Threads, Y: Rust Threads)',
};

/** The allocator comparison table of "Higher Risk for Arena Leakage in GLIBC" (verbatim; ★ best, ○ good, △ caveats, × poor). */
export const TALK_ALLOCATORS = {
  head: ['Scenario', 'glibc malloc (ptmalloc2+tcache)', 'macOS libmalloc (zones+magazines+nano)', 'jemalloc', 'tcmalloc', 'Windows HeapAlloc (NT/Segment+LFH)'],
  rows: [
    ['many short-lived threads', '△ (cap arena_max, pool threads)', '×', '★ (many arenas, decay purge)', '○ (per-thread caches)', '×'],
    ['Long-lived server, RSS-sensitive', '△ (trim/mmap tuning)', '×', '★ (decay + background purge)', '△ (raise release rate)', '×'],
    ['Latency-critical, multi-threaded', '○ (tcache helps)', '×', '○', '★ (lock-free fast paths)', '△ (enable LFH/Segment Heap)'],
    ['Cloud functions / short-lived processes', '★ (simple, low setup)', '×', '○ (defaults fine)', '○', '×'],
    ['Tight memory limit (containers, 256–512 MiB)', '○ (tune thresholds)', '×', '★ (predictable footprint)', '△ (cap thread caches)', '×'],
    ['Backgrounding app', '×', '★ (UI latency; pressure-relief)', '△ (uncommon on macOS)', '△', '×'],
    ['High thread-count backend', '×', '×', '○ (if linked)', '○ (if linked)', '△ (enable LFH; consider Segment Heap)'],
    ['Fork/exec heavy (prefork workers)', '○', '×', '★ (copy-on-write friendly decay)', '○', '×'],
    ['NUMA / many-core (>32 cores)', '△ (no strong NUMA policy)', '×', '★ (arena sharding, pinning options)', '○ (per-CPU caches)', '△'],
    ['Production leak/frag profiling needed', '△ (basic)', '○ (Instruments/stack logging)', '★ (heap profiling, mallctl stats)', '○ (heap profiler)', '○ (ETW!heap/PageHeap)'],
  ],
};

/** `ld.so --list-tunables | grep malloc` as shown in the talk. */
export const TALK_TUNABLES = `glibc.malloc.arena_max: 0x0 (min: 0x1, max: 0xffffffffffffffff)
glibc.malloc.arena_test: 0x0 (min: 0x1, max: 0xffffffffffffffff)
glibc.malloc.check: 0 (min: 0, max: 3)
glibc.malloc.hugetlb: 0x0 (min: 0x0, max: 0xffffffffffffffff)
glibc.malloc.mmap_max: 0 (min: 0, max: 2147483647)
glibc.malloc.mmap_threshold: 0x0 (min: 0x0, max: 0xffffffffffffffff)
glibc.malloc.mxfast: 0x0 (min: 0x0, max: 0xffffffffffffffff)
glibc.malloc.perturb: 0 (min: 0, max: 255)
glibc.malloc.tcache_count: 0x0 (min: 0x0, max: 0xffffffffffffffff)
glibc.malloc.tcache_max: 0x0 (min: 0x0, max: 0xffffffffffffffff)
glibc.malloc.tcache_unsorted_limit: 0x0 (min: 0x0, max: 0xffffffff)
glibc.malloc.top_pad: 0x20000 (min: 0x0, max: 0xffffffffffffffff)
glibc.malloc.trim_threshold: 0x0 (min: 0x0, max: 0xffffffffffffffff)`;

/** The perf evidence of "Why Free-Threaded Makes Them Slower?" (PyO3 on no-GIL). */
export const TALK_PERF_NOGIL_LOCKS = `-- 0.77%-- _Py_atomic_store_uint32_relaxed (inlined)
-- 4.09%-- _Py_atomic_compare_exchange_uint8 (inlined)
    |-- 2.41%-- PyMutex_LockFast (inlined)
    |     | _PyCriticalSection_BeginMutex (inlined)
    |     | _PyCriticalSection_Begin (inlined)
    |-- 1.67%-- _PyMutex_Unlock (inlined)
        | _PyCriticalSection_End (inlined)
-- 0.61%-- _Py_atomic_load_uint32_relaxed (inlined)`;

/** The ctypes perf excerpt of "Why PyO3 fast, but ctypes slow?". */
export const TALK_PERF_CTYPES = `6.99% [.] pthread_mutex_lock
--4.93%--take_gil
    |_PyThreadState_Attach
    |_call_function_pointer (inlined)
    |_ctypes_callproc (inlined)
    PyCFuncPtr_call
    _PyObject_MakeTpCall
    _PyEval_EvalFrameDefault`;

/** The call paths of the talk's diagram, top (Python) to bottom (C). */
export const TALK_CALL_PATHS = {
  ctypes: ['PyCFuncPtr_call', '_ctypes_callproc', 'GIL: pthread_mutex/futex', 'libffi trampoline', 'Dynamic marshaling', 'C function'],
  pyo3: ['PyObject_Vectorcall', 'pyo3::impl::trampoline', 'Dynamic marshaling', 'Rust function'],
};

export const TALK_BEST_PRACTICE = ['Pin the thread', 'Aware multi-threading bugs', 'Thread safe for each component'];
