// The words the slides write themselves (titles, bullets, leads, citations, speaker notes), in
// English and in Traditional Chinese as written in Taiwan. The talk's own headings ("Why PyO3 fast,
// but ctypes slow?", "Recap", …) and quoted passages are not here: they are cited and stay as the
// talk wrote them. Merged into the one catalog per language in messages.ts.

export const deckEn = {
  // kit: citation and the section dividers
  'kit.cite': (what: string) => `Source: the talk “Python FFI 的陰暗角落”, PyCon TW 2025${what ? `, ${what}` : ''}.`,
  'kit.part': (i: number, n: number) => `Part ${i} of ${n}`,
  'kit.partNote': (i: number, title: string) => `Part ${i} of the talk's outline: ${title}.`,
  // 01 opening
  'n.title': `Welcome. Every chart in this deck is measured on the machine running it, by the ffi-corners
  server (npm start). Where no server is running, the charts show the results recorded with this
  repository, and every chart's badge says which: LIVE or RECORDED, CPU, runtime and date.
  The talk's own figures are shown next to ours, named as the talk's.`,
  'n.outline': `The outline of the original talk, in its order. Each of the hidden corners has a live
  experiment later in the deck.`,
  // 02 hidden corners
  'n.levels': `The talk's map of where FFI bugs hide, by level. The highlighted ones are the corners this
  talk measures: GIL semantics, pinning, races, dynamic loading, system library features.`,
  'n.kinds': `Two kinds of trouble: things that break (reliability) and things that are slow
  (performance). The benchmark sections cover performance, races and arenas cover reliability.`,
  // 03 what is FFI
  'ffi.lead': 'Foreign Function Interface: calling code compiled from another language (C, C++, Rust) from Python.',
  'ffi.lib': 'The C library every binding calls: libffibench.so',
  'n.ffi': `Every binding in this deck calls the same exported symbols of the same shared library,
  libffibench.so, so a comparison measures the binding and not the linking. The code on these slides
  is cut from the repository's files at build time: it is the code the experiments run.`,
  'ffi.runtimeTitle': (head: string) => `${head}: declared at run time`,
  'ffi.ctypes': 'ctypes: declared at run time, called through libffi',
  'ffi.cffi': 'cffi, ABI mode: ffi.dlopen',
  'n.ffiRuntime': `ctypes and cffi's ABI mode load the library at run time and convert the arguments on every
  call, through libffi; nothing is compiled for the binding.`,
  'ffi.compiledTitle': (head: string) => `${head}: compiled bindings`,
  'ffi.pybind11': 'pybind11 (C++), free-threading declared',
  'ffi.pyo3': 'PyO3 (Rust), free-threading declared',
  'n.ffiCompiled': `pybind11 and PyO3 generate the CPython glue at compile time; ctypes and cffi ABI mode
  convert arguments at run time. Each module here declares free-threading support
  (py::mod_gil_not_used, gil_used = false, the Py_mod_gil slot): a module that does not re-enables
  the GIL on import in a free-threaded build.`,
  'ffi.floor': 'The floor: the hand-written C API',
  'n.floor': `The hand-written C-API module: no generated glue at all. Every chart measures the other
  bindings against it.`,
  // 04 benchmark setup
  'setup.machine': (head: string) => `${head}: the talk's machine`,
  'setup.citeWhat': 'benchmark setup',
  'n.machine': `The talk ran on a tuned machine: isolated, tickless CPUs, a locked clock, no turbo, no SMT,
  no ASLR, pinned with numactl. The next slide checks the same things on the machine this deck runs on.`,
  'setup.quiet': 'Is this a pinned, quiet benchmark machine?',
  'setup.restFirst': "the talk's machine and the fixes: next slides (↓), the CSV and JSON",
  'n.envCheck': `The environment check reads the kernel command line, cpufreq, SMT, ASLR, huge pages and the
  load. Each row: what this machine has; the talk's machine and how to fix it are on the next two
  slides. Warnings mean the numbers that follow are noisier than the talk's; they are still measured
  the same way on both runtimes.`,
  'setup.fixes': (k: number) => `The environment check, with the fixes (${k})`,
  'setup.restNext': 'next slide (↓)',
  'setup.restBoth': 'previous and next slides (↑ ↓)',
  'setup.restPrev': 'previous slides (↑)',
  'n.fixes1': `Each row: what this machine has, what the talk's machine had, and how to fix it.`,
  'n.fixes2': `The next checks: SMT, ASLR, huge pages, load, CPU model.`,
  'n.fixes3': `The rest of the checks: hypervisor, pinning, and where this machine reports them the
  instruction counters (perf, valgrind). Six rows a slide, so a machine with more checks than the
  recorded one still fits.`,
  'setup.gilTitle': 'Runtimes: is the GIL really off?',
  'setup.gilLead': (fn: string) => `Measured with ${fn} after importing every binding: a module that does not declare free-threading support turns the GIL back on.`,
  'n.gil': `Both runtimes are CPython 3.13.5 built from the same source with the same configure flags;
  the only difference is --disable-gil. The GIL state is measured after the imports, in the same process
  that times the calls. The talk's repository recorded it before importing its modules, none of which
  declared free-threading support.`,
  'setup.sample': 'How one sample is taken',
  'setup.b1': (ms: string) => `Each sample: a loop of calls calibrated to ~${ms} ms (the default; the run's own value is in its parameters), timed as a whole`,
  'setup.b2': 'Loop and timer overhead (same loop, empty body, timed in every round) subtracted',
  'setup.b3': 'Garbage collector off while timing; warm-ups discarded',
  'setup.b4': 'Bindings interleaved in a shuffled order every round',
  'setup.b5': 'Each runtime in its own process, pinned to the configured CPUs',
  'setup.b6': (fn: string, samples: number, dropped: number) => `The talk: one call between two ${fn} reads per sample, ${samples} samples, first ${dropped} dropped, bindings one after another`,
  'n.sample': `The talk's samples were single calls between two timer reads through a lambda, so timer and
  lambda overhead are inside its medians. Here each sample is a calibrated batch with the loop and timer
  overhead subtracted; the empty loop that measures that overhead is timed in every round, so a machine
  that speeds up or slows down mid-run does not skew one binding. The bindings are interleaved so
  drift does not favour whichever ran first.
  method=single-shot reproduces the talk's way for comparison. The code: next two slides (↓).`,
  'setup.loop': 'How one sample is taken: the timed loop',
  'n.loop': `The loop each sample times. The same template with an empty body is timed in every round and
  its median subtracted.`,
  'setup.calibration': 'How one sample is taken: calibration',
  'n.calibration': `How many calls one sample makes: grown until a batch lasts a quarter of the ~2 ms target, then scaled to it.`,
  // 05 benchmark results
  'n.violin': `Press Run (or it runs on entry with auto-run). Samples stream in about ten times a second;
  each violin is one binding calling return_int() of the same C library. python is a pure-Python
  function of the same shape, capi the hand-written C-API module: the floor. The picker switches the
  runtime: 3.13.5 with the GIL and the free-threaded build.`,
  'res.ranking': 'Ranking against the C-API floor, GIL vs free-threaded',
  'res.unit': 'ranking unit',
  'res.instr': 'instructions/call',
  'n.ranking': `Each bar: median ns/call of a binding divided by the median of the hand-written C-API
  module, with a 95% percentile bootstrap interval. 1.0 is as fast as the floor. Both runtimes side by
  side; the order is by the GIL build's medians. The switch shows the same ranking by instructions per
  call, counted under valgrind: it does not move between runs.`,
  'res.compare': 'Your machine against the recorded run',
  'n.compare': `The run shown here (this session's, or the server's newest saved one) beside the run recorded
  with the deck: per binding both medians and live / recorded, ordered by the recorded run, and whether
  the ranking moved (Kendall's tau over the bindings both measured). Absolute nanoseconds follow the
  machine; the order is what should travel. With no live run yet it says so: press Run.`,
  'res.statsTalkWay': "Method statistics the talk's way",
  'n.statsTalkWay': `Like for like with the talk's table: single-shot samples (one call between two perf_counter_ns()
  reads, as the talk took them), the bindings the talk ran (ctypes = CDLL, cffi = ABI mode behind a
  wrapper method), and the talk's estimators: Tukey outliers dropped, then its mixed skewness and
  kurtosis, MAD × 1.4826. The talk's table as printed: next slide (↓).`,
  'res.statsTalk': "Method statistics: the talk's",
  'n.statsTalk': `The talk's first statistics table, as printed: Tukey outliers dropped, MAD scaled by 1.4826.`,
  'res.statsOurs': 'Method statistics: our batched samples',
  'n.statsOurs': `Our batched method: each sample is a loop of calls lasting about the batch time, loop and timer
  overhead subtracted, so CV, skewness and kurtosis shrink by construction and are not comparable with
  the talk's single calls. Our estimators, on all samples: CV with ddof 1, biased skewness and excess
  kurtosis as SciPy, MAD unscaled.`,
  'res.pairsOurs': 'Mann–Whitney U / BH: ours',
  'n.pairsOurs': `The talk's six comparisons, on our samples of the same four bindings: two-sided Mann–Whitney U,
  Benjamini–Hochberg over these six pairs, and the rank-biserial effect size. With hundreds of samples
  per binding almost any difference is "significant": read the effect size and the medians. The talk's
  table: next slide (↓).`,
  'res.pairsTalk': "Mann–Whitney U / BH: the talk's",
  'n.pairsTalk': `The talk's first p-value table, as printed.`,
  'res.verdicts': "The talk's verdicts vs this machine",
  'n.verdicts': `For each of the talk's p-value tables, whether its "Faster" verdicts hold on this machine, judged
  by the claims' rule (the talk's names mapped to what it ran: ctypes = CDLL, cffi = ABI mode behind a
  wrapper method). The talk's second pair of tables: next slides (↓).`,
  'res.second': "The talk's second tables: statistics",
  'n.second': `The talk's second statistics table, for reference.`,
  'res.secondPairs': "The talk's second tables: Mann–Whitney U / BH",
  'n.secondPairs': `The talk's second p-value table, for reference.`,
  // 06 free-threaded
  'n.medians': `Median ns per return_int() call for each binding, GIL build vs free-threaded build of the same
  CPython 3.13.5. The ratios: next slide (↓).`,
  'ft.ratio': 'Free-threaded vs GIL, binding by binding',
  'n.ratio': `The ratio of the medians: above 1 the free-threaded build is slower for that binding.`,
  'ft.perfTitle': "The talk's perf evidence",
  'ft.perfLead': (dict: string, cs: string) => `The talk's profiling loop updates a module-global counter; on the free-threaded build a store into a module dict (${dict}) takes the dict's critical section (${cs}). Our timing loop keeps everything in locals, so these frames cannot come from it; the next slides measure the call itself.`,
  'ft.perfCite': 'perf report of PyO3 on no-GIL, grep for lock symbols',
  'n.perf': `The talk attributed the no-GIL slowdown partly to these critical-section locks. Its profiling
  script also updated a module-global counter in the loop, which takes a per-dict lock on the
  free-threaded build, so the profile mixes the two. Our timing loop uses locals only.`,
  'ft.layers': 'Free-threaded: where the instructions go',
  'n.layers': `Instructions per return_int() call, counted under valgrind for every binding on the GIL build and
  on the free-threaded build of the same CPython, split into layers by the call graph. The line above
  the chart is computed from the two runs: which layers change, and by how much. In the recorded runs
  the interpreter's own dispatch grows a little for every binding, while the GIL hand-over of CDLL and
  cffi gets cheaper (there is no GIL to take). Inlined code, such as most of the biased reference
  counting, counts for the function it was inlined into, so the synchronisation layer shows only the
  out-of-line parts.`,
  'ft.rankBoth': 'Ranking: by instructions and by time',
  'n.rankBoth': `Left, the bindings ranked by instructions per call (callgrind): the same on every run. Right,
  ranked by median nanoseconds per call (the call-overhead run): close calls swap places between runs
  on a machine whose state changes. Where the two orders differ, the number of instructions is not the
  whole cost of a call: what they wait for (memory, branches, atomics) costs time as well.`,
  'recap.title': 'Recap (the talk) and this machine',
  'n.ftRecap': `The talk's recap, verbatim, claim by claim, judged by the same rules as npx ffi-corners verify
  on the runs shown. The 3.14 claim is judged when a 3.14 GIL and free-threaded pair is present (else the
  row names the runtimes build command). One run per runtime gives no interval between processes, so a
  badge says inconclusive until npx ffi-corners verify has run several, alternated. This slide uses a
  run with functions=return_int,bytes_len,str_len.`,
  'n.ftRecap2': 'The rest of the recap: lock-free structures and the Unicode translation overhead, judged the same way.',
  'ft.scaling': 'Free-threaded scaling: calls/s vs threads',
  'n.scaling': `Beyond the talk: T threads calling return_int() in a tight loop, released together; total
  calls per second. Where only 1 and 2 threads can be measured (a 2-core machine, like the recorded one),
  each binding and build is a bar: its speed-up from 1 to 2 threads, 2× being perfect scaling; the line
  under the chart says so. On a machine with more cores it draws lines over T instead (dashed: GIL build,
  solid: free-threaded).`,
  // 07 PyO3 vs ctypes
  'pyo3.pathCite': 'call-path diagram',
  'n.paths': `The talk's diagram: a ctypes call goes through PyCFuncPtr_call and _ctypes_callproc, takes
  and drops the GIL (CDLL), then the libffi trampoline converts the arguments at run time. PyO3 is a
  vectorcall into generated code that converts arguments with compiled code.`,
  'n.perfCtypes': `In the talk's ctypes profile, pthread_mutex_lock under take_gil, and drop_gil_impl /
  PyEval_SaveThread under _call_function_pointer: the GIL is dropped and taken back around every call.
  That is ctypes.CDLL, which is also what the talk's code loads. Here CDLL and PyDLL are separate rows,
  and the talk's "ctypes" is compared with our CDLL row.`,
  'pyo3.layers': 'PyO3 and ctypes: where the instructions go',
  'n.pyo3Layers': `The talk showed perf screenshots; here valgrind counts the instructions of one return_int() call
  on this machine, in the same loop the call-overhead experiment times, with the empty loop subtracted.
  Each bar is split into layers by callgrind's call graph: the interpreter's dispatch up to the
  binding, the binding's argument and return conversion, releasing and re-taking the GIL, libffi, and
  the C function. In the recorded run ctypes spends more on its own argument and return handling than
  on libffi and the GIL hand-over together; CDLL adds the GIL hand-over on every call, PyDLL does not.
  PyO3 is a vectorcall into compiled conversion code. Counts do not move with the machine's state as
  nanoseconds do.`,
  'pyo3.tables': "The talk's third and fourth tables",
  'n.tables34': `In these two tables of the talk, ctypes beats cffi; in the first two, cffi beat ctypes. The
  slide text does not say which runtime each table is from. Our ranking follows.`,
  'n.pyo3Recap': `The talk's recap, verbatim. Below it, the CDLL vs PyDLL speed-up measured here for both
  runtimes (details on the next slides); right, every binding against the C-API floor.`,
  // 08 CDLL vs PyDLL
  'cdll.citeWhat': 'loader table',
  'n.cdll': `The same library loaded twice: CDLL releases the GIL around every foreign call, PyDLL keeps it.
  Releasing and re-taking the GIL costs time on every call; keeping it blocks every other thread.`,
  'cdll.live': (calls: string) => `CDLL vs PyDLL: getpid × ${calls}`,
  'n.cdllLive': (calls: string) => `get_pid() of libffibench, called ${calls} times through each loader, interleaved, five
  times; the bars are medians, whiskers min to max. The talk's output is in the table, our medians
  below it. Run it for the selected runtime, or both one after the other.`,
  // 09 fastest binding
  'n.fastest': `Both C++ binding generators, one line per function. nanobind is an extra row the talk did
  not have. The chart: median ns per call of every binding on both runtimes; compare pybind11 and
  nanobind with capi, the hand-written floor.`,
  // 10 PyDLL blocking
  'n.blockingCode': `One thread counts in a Python loop while the main thread sits in usleep() inside C. Through
  CDLL the GIL is released during the sleep and the counter keeps counting; through PyDLL the GIL is
  held, so on a GIL build the counter stops. On a free-threaded build there is no GIL to hold.`,
  'block.live': 'PyDLL blocking: counting during a C sleep',
  'n.blockingLive': `The counters are the medians of the repeats. With the GIL, what PyDLL still counts is the
  GIL hand-over around the call (the switch interval), not the sleep. Without the GIL, both loaders let
  the counter run.`,
  // 11 races
  'n.racesCode': `A global counter incremented with a read and a write, nothing atomic; a bank withdrawal that
  checks the balance, waits, then writes back a stale balance. How the threads call it: next slide (↓).`,
  'races.threads': (head: string) => `${head}: the threads`,
  'races.loader': (head: string, loader: string) => `${head}: ${loader}`,
  'n.racesThreads': (counter: number, bank: number) => `${counter} threads call the counter, released together by a barrier; ${bank} threads try to withdraw.`,
  'n.racesPydll': (iters: string) => `The talk's two tables for the runtime in the picker, PyDLL: the last repeat, plus how many of
  the repeats raced. On the GIL build PyDLL serialises the calls; on the free-threaded build nothing does.
  The parameters used are above each table: on 2 cores, ${iters} iterations per thread rarely race.`,
  'n.racesCdll': `Same experiment through CDLL: the GIL is released during each C call, so even the GIL build
  runs the unsafe code in parallel.`,
  'races.who': 'Who is protected: GIL / no-GIL × PyDLL / CDLL',
  'n.racesLost': `The accuracy of the unsafe counter in four configurations. The talk's matrix next to what we
  measured: next slide (↓).`,
  'races.matrix': "Who is protected: the talk's matrix and ours",
  'n.racesMatrix': `The talk's "Uncertain" (its word) for non-thread-safe code with the GIL is measured here both ways:
  through PyDLL, which keeps the GIL during the call, and through CDLL, which releases it.`,
  'n.racesRecap': (iters: string, cores: number) => `The talk's race outputs next to ours for PyDLL. Its counter ran ${iters} iterations per thread
  on ${cores} cores; ours runs the parameters shown.`,
  // 12 arena
  'arena.tableCite': 'allocator table (★ best · ○ good · △ with tuning · × poor fit)',
  'arena.tableCiteNext': 'allocator table (★ best · ○ good · △ with tuning · × poor fit); with its remarks: next slide (↓)',
  'n.arenaTable': (perCpu: number) => `The talk's comparison of allocators by scenario. glibc's ptmalloc2 gives each thread an arena,
  up to ${perCpu} per CPU by default; many short-lived native threads can leave many arenas behind.`,
  'arena.remarks': "The allocator table, with the talk's remarks",
  'n.arenaRemarks': `The whole table as the talk showed it.`,
  'arena.mmapLead': (fn: string) => `M_MMAP_THRESHOLD: allocations ≥ 128 KiB by default are served by ${fn}, not from an arena (mallopt(3)). The talk's Rust threads allocated 64 MiB each.`,
  'n.tunables': `glibc.malloc.arena_max caps the number of arenas. Blocks at or above the mmap threshold never
  touch an arena, so this experiment allocates 64 KiB blocks, below it: that is what really uses arenas.`,
  'arena.workload': 'The workload: N Python threads × M native threads',
  'n.workload': `Each call starts M native threads; each allocates blocks of 64 KiB (below the mmap threshold, so
  from its arena), writes every byte, frees them: in C (above) through PyDLL, which keeps the GIL, or CDLL,
  which releases it; in Rust (native/pyo3/src/alloc.rs) through PyO3 keeping the GIL, as the talk's
  run_arena_test did (no allow_threads), or inside Python::detach (below) releasing it. Every cell runs in fresh processes, three per cell, once with the native call and once without it,
  so the interpreter's own growth is measured apart from the arenas.`,
  'arena.mechanism': 'Holding the GIL keeps the native threads few',
  'n.mechanism': `glibc gives a thread an arena at its first malloc, a free one if any is left by a thread that
  ended, else a new one up to 8 per CPU. With the GIL held during the call, the N Python threads' calls
  cannot overlap: at most M native threads live at once, and the next call's threads reuse the arenas of
  the last. Released (CDLL here; the Run button measures that arm), or on the free-threaded build where
  PyDLL has no GIL to hold, up to N × M threads overlap and each wants its own arena. Bars: arenas at
  N=8, M=4, median over the processes, whiskers lowest to highest; grey: the same Python threads without
  the native call.`,
  'arena.matrix': 'Arena risk matrix: arena memory',
  'arena.matrixLead': "MiB held by glibc's thread arenas after the run (malloc_info), median of the processes; arena count below.",
  'n.matrix': `Bytes the non-main arenas hold from the system after every thread has ended, per cell: rows N
  Python threads, columns M native threads per call. Not RSS: RSS also counts the interpreter's own growth.
  Left: GIL build, middle: free-threaded, right: free-threaded with GLIBC_TUNABLES=glibc.malloc.arena_max=2.
  Same colour scale for all three.`,
  'arena.split': 'Which memory grew: arenas or the interpreter?',
  'n.split': `For the largest cell: arena bytes beyond the baseline process (same Python threads, no native
  call), the interpreter's own RSS growth, total RSS, the arena counts, and which one grew: a difference
  counts when every process of one side is above every process of the other (with three against three,
  1 chance in 20 without a real difference) and the medians differ by more than a quarter MiB.`,
  'arena.twoWays': '“Risk amplification”, two ways',
  'n.twoWays': `The talk divided total RSS growth on no-GIL by that on GIL, once, at N=8, M=50: 29.46× on 3.13.5,
  55.26× on 3.14.0rc1. Total RSS includes the free-threaded interpreter's own per-thread memory, and a
  near-zero GIL figure makes any ratio large. Like for like is the memory the claim is about: the bytes of
  glibc's thread arenas, GIL held against not held. Both with an interval from the processes. At N=8,
  M=50 both builds reach glibc's limit of 8 arenas per CPU (16 here), so the limit, not the GIL, bounds
  the arena memory there; the last row reads N=8, M=4, below it.`,
  'arena.blocks': "The talk's 64 MiB blocks never reach an arena",
  'n.blocks': `The talk's Rust threads each made a 64 MiB Vec with set_len, never writing it. 64 MiB is 512 times
  glibc's initial mmap threshold (128 KiB) and twice the most it can rise to (32 MiB on 64-bit): every such
  block is its own mmap, outside every arena, and munmap'd on free. Never written, its pages were never
  resident either, so RSS could not show them. Here the blocks are written: peak RSS rises by 64 MiB per
  thread while the thread arenas stay at their first heap, and RSS falls back after the free.`,
  'arena.measured': 'The allocator table, measured here',
  'n.measured': `Each scenario of the talk's table that Linux can measure, run by Rust threads under glibc's
  malloc and under jemalloc, tcmalloc and mimalloc preloaded from Debian's packages, in fresh processes.
  Beside the talk's symbol, our rank by the quantity the row is about: RSS left after short-lived threads,
  RSS of a long-lived process with survivors, nanoseconds per allocation, peak RSS under a fixed load,
  peak RSS with 200 threads live at once. macOS and Windows cannot be measured on this machine.`,
  // 13 best practice
  'best.pinning': (cmd: string, key: string) => `Pinning: ${cmd} or ${key} in ffi-corners.config.json; the environment check lists what else to fix.`,
  'best.ft': (decls: string, fn: string) => `Free-threading: declare it in every native module (${decls}) and check ${fn} after the imports.`,
  'n.best': `The talk's three practices, and how this repository applies them: pinned runs, the GIL state
  measured after imports, and thread-safe native code (mutex and atomic rows of the race experiment).`,
  'n.levelsAgain': `Back to the map of hidden corners: the highlighted ones were measured in this deck.`,
  // 14 Q&A
  'qa.run': (start: string, cli: string) => `Run it yourself: ${start} · every experiment headless: ${cli}`,
  'n.qa': `Questions. The links are the talk's closing references for free-threading support in
  packages. Everything shown here can be re-run with npm start, or headless with the CLI.`,
  'kit.citeRecap': (heading: string) => `“${heading}”, Recap`,
};

type Deck = { [K in keyof typeof deckEn]: (typeof deckEn)[K] };

export const deckZh: Deck = {
  'kit.cite': (what) => `出處：演講「Python FFI 的陰暗角落」，PyCon TW 2025${what ? `，${what}` : ''}。`,
  'kit.part': (i, n) => `第 ${i} 部分（共 ${n} 部分）`,
  'kit.partNote': (i, title) => `演講大綱的第 ${i} 部分：${title}。`,
  'n.title': `歡迎。這份投影片裡的每張圖，都是由 ffi-corners 伺服器（npm start）在播放它的這台機器上量出來的。
  沒有伺服器時，圖表顯示的是隨這個儲存庫一起保存的預錄結果；每張圖的標籤都會註明是哪一種：即時或預錄、CPU、執行環境和日期。
  演講原本的數字會放在我們的數字旁邊，並標明出自演講。`,
  'n.outline': `原演講的大綱，依原本的順序。每個隱藏的角落，後面都有一個可以現場執行的實驗。`,
  'n.levels': `演講整理的 FFI 問題藏身處，依層級區分。標起來的是這場演講實際量測的角落：GIL 語意、CPU 綁定、競爭條件、動態載入、系統函式庫的特性。`,
  'n.kinds': `兩類麻煩：會壞掉的（可靠性）和會變慢的（效能）。基準測試的段落談效能，競爭條件和 arena 的段落談可靠性。`,
  'ffi.lead': 'Foreign Function Interface（外部函式介面）：在 Python 裡呼叫用其他語言（C、C++、Rust）編譯出來的程式碼。',
  'ffi.lib': '每種繫結呼叫的都是同一個 C 函式庫：libffibench.so',
  'n.ffi': `這份投影片裡的每種繫結，呼叫的都是同一個共享函式庫 libffibench.so 匯出的同一批符號，所以比較的是繫結本身，而不是連結方式。
  投影片上的程式碼是建置時從儲存庫的原始檔裁出來的，也就是實驗實際執行的程式碼。`,
  'ffi.runtimeTitle': (head) => `${head}：執行期才宣告`,
  'ffi.ctypes': 'ctypes：執行期宣告，透過 libffi 呼叫',
  'ffi.cffi': 'cffi 的 ABI 模式：ffi.dlopen',
  'n.ffiRuntime': `ctypes 和 cffi 的 ABI 模式都在執行期載入函式庫，每次呼叫都透過 libffi 轉換參數；繫結本身完全不需要編譯。`,
  'ffi.compiledTitle': (head) => `${head}：編譯出來的繫結`,
  'ffi.pybind11': 'pybind11（C++），已宣告支援自由執行緒',
  'ffi.pyo3': 'PyO3（Rust），已宣告支援自由執行緒',
  'n.ffiCompiled': `pybind11 和 PyO3 在編譯時產生與 CPython 銜接的程式碼；ctypes 和 cffi 的 ABI 模式則在執行期轉換參數。
  這裡的每個模組都宣告支援自由執行緒（py::mod_gil_not_used、gil_used = false、Py_mod_gil slot）：
  沒有宣告的模組，在自由執行緒版本上一匯入就會把 GIL 重新打開。`,
  'ffi.floor': '下限：手寫的 C API',
  'n.floor': `手寫的 C-API 模組，完全沒有自動產生的銜接程式碼。每張圖都拿其他繫結跟它比。`,
  'setup.machine': (head) => `${head}：演講用的機器`,
  'setup.citeWhat': '基準測試環境',
  'n.machine': `演講用的是調校過的機器：隔離且 tickless 的 CPU、鎖定時脈、關閉 turbo、關閉 SMT、關閉 ASLR，並用 numactl 綁定 CPU。
  下一張投影片會在播放這份投影片的機器上檢查同樣的項目。`,
  'setup.quiet': '這是一台綁定 CPU、夠安靜的基準測試機器嗎？',
  'setup.restFirst': '演講機器的設定與修正方式：見後面幾張投影片（↓）、CSV 與 JSON',
  'n.envCheck': `環境檢查會讀取核心命令列、cpufreq、SMT、ASLR、huge pages 和系統負載。每一列是這台機器的狀況；
  演講機器的設定和修正方式在後面兩張投影片。出現警告代表接下來的數字會比演講的雜訊更多，但兩個執行環境仍用同樣的方式量測。`,
  'setup.fixes': (k) => `環境檢查與修正方式（${k}）`,
  'setup.restNext': '見下一張投影片（↓）',
  'setup.restBoth': '見前後投影片（↑ ↓）',
  'setup.restPrev': '見前面的投影片（↑）',
  'n.fixes1': `每一列：這台機器的狀況、演講機器當時的狀況，以及修正方式。`,
  'n.fixes2': `接下來的檢查：SMT、ASLR、huge pages、系統負載、CPU 型號。`,
  'n.fixes3': `其餘的檢查：hypervisor、CPU 綁定，以及這台機器有提供時的指令計數器（perf、valgrind）。
  每張投影片六列，所以檢查項目比預錄機器多的機器也放得下。`,
  'setup.gilTitle': '執行環境：GIL 真的關掉了嗎？',
  'setup.gilLead': (fn) => `在匯入所有繫結之後用 ${fn} 量測：只要有一個模組沒有宣告支援自由執行緒，GIL 就會被重新打開。`,
  'n.gil': `兩個執行環境都是用同一份原始碼、同樣的 configure 參數建置的 CPython 3.13.5，唯一差別是 --disable-gil。
  GIL 狀態是在匯入之後、在量測呼叫時間的同一個行程裡量的。演講的儲存庫是在匯入模組之前記錄的，而它的模組都沒有宣告支援自由執行緒。`,
  'setup.sample': '一個樣本是怎麼量的',
  'setup.b1': (ms) => `每個樣本：一段校準到約 ${ms} ms 的呼叫迴圈（預設值；實際值記在該次執行的參數裡），整段一起計時`,
  'setup.b2': '扣掉迴圈與計時器的額外開銷（同樣的迴圈、空的迴圈主體，每一輪都重新計時）',
  'setup.b3': '計時期間關閉垃圾回收；暖身的結果捨棄',
  'setup.b4': '每一輪都以隨機順序交錯執行各繫結',
  'setup.b5': '每個執行環境各自一個行程，綁定在設定好的 CPU 上',
  'setup.b6': (fn, samples, dropped) => `演講的做法：每個樣本是夾在兩次 ${fn} 之間的單次呼叫，共 ${samples} 個樣本，捨棄前 ${dropped} 個，各繫結依序執行`,
  'n.sample': `演講的樣本是透過 lambda、夾在兩次計時之間的單次呼叫，所以計時器和 lambda 的額外開銷都算進了它的中位數。
  這裡每個樣本是一段校準過的批次，並扣掉迴圈與計時器的開銷；量這個開銷的空迴圈每一輪都會重新計時，
  所以機器在執行途中變快或變慢，也不會只影響某一種繫結。各繫結交錯執行，漂移就不會偏袒先跑的那個。
  method=single-shot 可以重現演講的做法來對照。程式碼在後面兩張投影片（↓）。`,
  'setup.loop': '一個樣本是怎麼量的：計時的迴圈',
  'n.loop': `每個樣本計時的迴圈。同一個模板配上空的主體，每一輪都會計時一次，再扣掉它的中位數。`,
  'setup.calibration': '一個樣本是怎麼量的：校準',
  'n.calibration': `一個樣本要呼叫幾次：先加倍到一個批次達到約 2 ms 目標的四分之一，再依比例放大到目標。`,
  'n.violin': `按「執行」（開啟自動執行時，進入投影片就會開始跑）。樣本大約每秒送來十次；每把小提琴是一種繫結呼叫同一個 C 函式庫的 return_int()。
  python 是形狀相同的純 Python 函式，capi 是手寫的 C-API 模組，也就是下限。選單可以切換執行環境：有 GIL 的 3.13.5 與自由執行緒版本。`,
  'res.ranking': '與 C-API 下限相比的排名：GIL 與自由執行緒',
  'res.unit': '排名單位',
  'res.instr': '指令數/call',
  'n.ranking': `每根長條：某個繫結的 ns/call 中位數除以手寫 C-API 模組的中位數，附 95% 百分位 bootstrap 區間。1.0 代表和下限一樣快。
  兩個執行環境並排，順序依 GIL 版本的中位數排列。切換後顯示以每次呼叫指令數（在 valgrind 下計數）排的同一份排名：它不會隨每次執行而變動。`,
  'res.compare': '你的機器與預錄結果',
  'n.compare': `這裡顯示的結果（這次連線的，或伺服器最新存下的那一次）和隨投影片預錄的結果並排：每種繫結的兩個中位數與即時 ÷ 預錄，
  依預錄結果排序，並看排名有沒有變動（對兩次都量到的繫結算 Kendall's tau）。奈秒的絕對值跟著機器走；
  真正能帶到別台機器的是順序。還沒有即時結果時，畫面會直接說明：按「執行」。`,
  'res.statsTalkWay': '用演講的方法算的統計量',
  'n.statsTalkWay': `和演講的表格同樣條件比較：單次樣本（夾在兩次 perf_counter_ns() 之間的一次呼叫，和演講的取法相同）、
  演講跑過的繫結（ctypes = CDLL，cffi = 包在包裝方法後面的 ABI 模式），以及演講的估計方式：先去掉 Tukey 離群值，
  再算它那套混合的偏態與峰態、MAD × 1.4826。演講原本印出的表格在下一張（↓）。`,
  'res.statsTalk': '統計量：演講的原表',
  'n.statsTalk': `演講的第一張統計表，照原樣呈現：去掉 Tukey 離群值，MAD 乘上 1.4826。`,
  'res.statsOurs': '統計量：我們的批次樣本',
  'n.statsOurs': `我們的批次方法：每個樣本是一段大約持續一個批次時間的呼叫迴圈，並扣掉迴圈與計時器的開銷，
  所以 CV、偏態和峰態本來就會變小，不能直接和演講的單次呼叫比較。我們的估計方式，用全部樣本：CV 用 ddof 1，
  偏態和超額峰態用 SciPy 的有偏估計，MAD 不乘係數。`,
  'res.pairsOurs': 'Mann–Whitney U / BH：我們的結果',
  'n.pairsOurs': `演講的六組比較，套用在我們對同樣四種繫結量到的樣本上：雙尾 Mann–Whitney U、對這六組配對做 Benjamini–Hochberg 校正，
  以及 rank-biserial 效果量。每種繫結有好幾百個樣本時，幾乎任何差異都會「顯著」：請看效果量和中位數。演講的表格在下一張（↓）。`,
  'res.pairsTalk': 'Mann–Whitney U / BH：演講的原表',
  'n.pairsTalk': `演講的第一張 p 值表，照原樣呈現。`,
  'res.verdicts': '演講的結論與這台機器',
  'n.verdicts': `演講每張 p 值表裡的「Faster」結論，在這台機器上是否成立，依主張的判定規則判斷
  （演講的名稱對應到它實際跑的東西：ctypes = CDLL，cffi = 包在包裝方法後面的 ABI 模式）。演講的第二組表格在後面幾張（↓）。`,
  'res.second': '演講的第二組表格：統計量',
  'n.second': `演講的第二張統計表，供參考。`,
  'res.secondPairs': '演講的第二組表格：Mann–Whitney U / BH',
  'n.secondPairs': `演講的第二張 p 值表，供參考。`,
  'n.medians': `每種繫結呼叫一次 return_int() 的 ns 中位數，同一版 CPython 3.13.5 的 GIL 版本與自由執行緒版本對照。比值在下一張（↓）。`,
  'ft.ratio': '自由執行緒與 GIL，逐一比較各繫結',
  'n.ratio': `中位數的比值：大於 1 代表該繫結在自由執行緒版本上比較慢。`,
  'ft.perfTitle': '演講的 perf 證據',
  'ft.perfLead': (dict, cs) => `演講的 profiling 迴圈會更新一個模組層級的全域計數器；在自由執行緒版本上，寫入模組的 dict（${dict}）會進入該 dict 的 critical section（${cs}）。我們的計時迴圈只用區域變數，這些堆疊框不可能來自它；接下來幾張量測的是呼叫本身。`,
  'ft.perfCite': 'PyO3 在無 GIL 版本上的 perf report，以 grep 篩出鎖相關符號',
  'n.perf': `演講把無 GIL 版本變慢部分歸因於這些 critical section 的鎖。但它的 profiling 腳本也在迴圈裡更新模組層級的全域計數器，
  這在自由執行緒版本上會取得每個 dict 各自的鎖，所以這份 profile 把兩件事混在一起。我們的計時迴圈只用區域變數。`,
  'ft.layers': '自由執行緒：指令都花在哪裡',
  'n.layers': `每次 return_int() 呼叫的指令數：在 valgrind 下，對每種繫結在同一版 CPython 的 GIL 版本和自由執行緒版本上計數，再依呼叫圖拆成幾層。
  圖表上方那一行是從這兩次執行算出來的：哪幾層變了、變了多少。在預錄結果裡，直譯器本身的分派對每種繫結都多了一點，
  而 CDLL 和 cffi 交接 GIL 的成本反而變低（沒有 GIL 可以拿）。被 inline 的程式碼，例如大部分的 biased reference counting，
  會算在它被 inline 進去的函式上，所以同步那一層只顯示沒被 inline 的部分。`,
  'ft.rankBoth': '排名：依指令數與依時間',
  'n.rankBoth': `左邊依每次呼叫的指令數（callgrind）排名：每次執行都一樣。右邊依每次呼叫的奈秒中位數（call-overhead 的結果）排名：
  在狀態會變動的機器上，相近的繫結每次執行都可能互換名次。兩種順序不同的地方，代表指令數不是一次呼叫的全部成本：
  等待記憶體、分支、atomic 操作也都要花時間。`,
  'recap.title': 'Recap（演講）與這台機器',
  'n.ftRecap': `演講的 recap 原文，一條一條，用和 npx ffi-corners verify 相同的規則對顯示的結果判定。
  有 3.14 的 GIL 與自由執行緒版本時，才判定關於 3.14 的那一條（否則該列會列出建置執行環境的指令）。
  每個執行環境只跑一次時，行程之間沒有區間，所以在 npx ffi-corners verify 交替跑過多次之前，標籤都會顯示無定論。
  這張投影片用的是 functions=return_int,bytes_len,str_len 的結果。`,
  'n.ftRecap2': 'Recap 的其餘部分：lock-free 資料結構與 Unicode 轉換的額外成本，用同樣的規則判定。',
  'ft.scaling': '自由執行緒的擴展性：每秒呼叫數與執行緒數',
  'n.scaling': `演講之外的實驗：T 個執行緒同時放行，在緊密迴圈裡呼叫 return_int()，計算每秒的總呼叫次數。
  只能量 1 和 2 個執行緒時（2 核心的機器，例如錄製結果的這台），每種繫結與版本畫成一根長條：從 1 個到 2 個執行緒的加速比，2× 代表完美擴展；圖下那行字會說明。
  核心更多的機器上則畫成隨 T 變化的線（虛線是 GIL 版本，實線是自由執行緒版本）。`,
  'pyo3.pathCite': '呼叫路徑圖',
  'n.paths': `演講的圖：ctypes 的呼叫經過 PyCFuncPtr_call 和 _ctypes_callproc，放掉再拿回 GIL（CDLL），接著由 libffi 的 trampoline 在執行期轉換參數。
  PyO3 則是以 vectorcall 進入自動產生的程式碼，用編譯好的程式碼轉換參數。`,
  'n.perfCtypes': `在演講的 ctypes profile 裡，take_gil 底下有 pthread_mutex_lock，_call_function_pointer 底下有 drop_gil_impl／PyEval_SaveThread：
  每次呼叫前後都會放掉再拿回 GIL。那是 ctypes.CDLL，也正是演講的程式碼所載入的。這裡 CDLL 和 PyDLL 分成兩列，
  演講說的「ctypes」是拿來和我們的 CDLL 那一列比較。`,
  'pyo3.layers': 'PyO3 與 ctypes：指令都花在哪裡',
  'n.pyo3Layers': `演講放的是 perf 截圖；這裡用 valgrind 計算這台機器上一次 return_int() 呼叫的指令數，用的是 call-overhead 實驗計時的同一個迴圈，並扣掉空迴圈。
  每根長條依 callgrind 的呼叫圖分層：直譯器分派到繫結為止、繫結的參數與回傳值轉換、放掉與拿回 GIL、libffi，以及 C 函式本身。
  在預錄結果裡，ctypes 花在自己處理參數與回傳值的指令，比 libffi 加上 GIL 交接還多；CDLL 每次呼叫都多了 GIL 交接，PyDLL 沒有。
  PyO3 是以 vectorcall 進入編譯好的轉換程式碼。指令數不會像奈秒那樣隨機器狀態變動。`,
  'pyo3.tables': '演講的第三與第四張表',
  'n.tables34': `在演講的這兩張表裡，ctypes 比 cffi 快；前兩張則是 cffi 比 ctypes 快。投影片上沒有說明每張表來自哪個執行環境。我們的排名在後面。`,
  'n.pyo3Recap': `演講的 recap 原文。下方是這裡對兩個執行環境量到的 CDLL 相對 PyDLL 加速比（細節在後面幾張）；右邊是每種繫結與 C-API 下限的比較。`,
  'cdll.citeWhat': '載入器比較表',
  'n.cdll': `同一個函式庫載入兩次：CDLL 在每次外部呼叫前後放掉 GIL，PyDLL 則一直持有。放掉再拿回 GIL 每次呼叫都要花時間；一直持有則會擋住其他所有執行緒。`,
  'cdll.live': (calls) => `CDLL 與 PyDLL：getpid × ${calls}`,
  'n.cdllLive': (calls) => `libffibench 的 get_pid()，透過兩種載入器各呼叫 ${calls} 次，交錯執行五輪；長條是中位數，誤差線是最小值到最大值。
  演講的輸出在表格裡，我們的中位數在它下方。可以只跑選取的執行環境，或兩個依序都跑。`,
  'n.fastest': `兩種 C++ 繫結產生器，每個函式一行。nanobind 是演講裡沒有的額外一列。圖表是每種繫結在兩個執行環境上每次呼叫的 ns 中位數；
  請拿 pybind11 和 nanobind 跟手寫的下限 capi 比較。`,
  'n.blockingCode': `一個執行緒在 Python 迴圈裡計數，主執行緒則停在 C 裡的 usleep()。透過 CDLL 時，sleep 期間 GIL 會被放掉，計數器繼續數；
  透過 PyDLL 時 GIL 被持有，所以在 GIL 版本上計數器會停住。自由執行緒版本根本沒有 GIL 可以持有。`,
  'block.live': 'PyDLL 的阻塞：C 在 sleep 時還能數多少',
  'n.blockingLive': `計數器的值是多次重複的中位數。有 GIL 時，PyDLL 還能數到的部分來自呼叫前後的 GIL 交接（switch interval），而不是 sleep 期間。
  沒有 GIL 時，兩種載入器都讓計數器照常執行。`,
  'n.racesCode': `一個全域計數器，用一次讀取加一次寫入來遞增，完全沒有 atomic；一個銀行提款函式，先檢查餘額、等一下，再把過時的餘額寫回去。
  執行緒怎麼呼叫它們：見下一張（↓）。`,
  'races.threads': (head) => `${head}：執行緒`,
  'races.loader': (head, loader) => `${head}：透過 ${loader}`,
  'n.racesThreads': (counter, bank) => `${counter} 個執行緒由 barrier 同時放行去呼叫計數器；${bank} 個執行緒嘗試提款。`,
  'n.racesPydll': (iters) => `演講的兩張表，套用在選單選取的執行環境、透過 PyDLL：最後一次重複的結果，加上多少次重複出現了競爭。
  在 GIL 版本上，PyDLL 會讓呼叫依序執行；在自由執行緒版本上則什麼也擋不住。使用的參數列在每張表上方：在 2 核心上，每個執行緒 ${iters} 次迭代很少出現競爭。`,
  'n.racesCdll': `同樣的實驗改走 CDLL：每次 C 呼叫期間 GIL 都會被放掉，所以連 GIL 版本也會平行執行這段不安全的程式碼。`,
  'races.who': '誰有受到保護：GIL／無 GIL × PyDLL／CDLL',
  'n.racesLost': `不安全計數器在四種設定下的正確率。演講的矩陣和我們量到的結果並排：見下一張（↓）。`,
  'races.matrix': '誰有受到保護：演講的矩陣與我們的結果',
  'n.racesMatrix': `演講對「有 GIL、但程式碼不是執行緒安全」給的是「Uncertain」（它的用詞），這裡兩種情況都量了：
  透過 PyDLL（呼叫期間持有 GIL），以及透過 CDLL（呼叫期間放掉 GIL）。`,
  'n.racesRecap': (iters, cores) => `演講的競爭輸出和我們透過 PyDLL 的結果並排。它的計數器在 ${cores} 核心上每個執行緒跑 ${iters} 次迭代；我們用的是畫面上列出的參數。`,
  'arena.tableCite': '配置器比較表（★ 最佳 · ○ 良好 · △ 需調校 · × 不適合）',
  'arena.tableCiteNext': '配置器比較表（★ 最佳 · ○ 良好 · △ 需調校 · × 不適合）；附說明的完整版在下一張（↓）',
  'n.arenaTable': (perCpu) => `演講依使用情境比較各種記憶體配置器。glibc 的 ptmalloc2 會給每個執行緒一個 arena，預設每個 CPU 最多 ${perCpu} 個；
  大量短命的原生執行緒可能留下一大堆 arena。`,
  'arena.remarks': '配置器比較表，附演講的說明',
  'n.arenaRemarks': `演講展示的完整表格。`,
  'arena.mmapLead': (fn) => `M_MMAP_THRESHOLD：預設 ≥ 128 KiB 的配置由 ${fn} 提供，不從 arena 配置（mallopt(3)）。演講的 Rust 執行緒每個配置 64 MiB。`,
  'n.tunables': `glibc.malloc.arena_max 限制 arena 的數量。達到 mmap 門檻以上的區塊完全不會碰到 arena，所以這個實驗配置 64 KiB、低於門檻的區塊：這樣才真的會用到 arena。`,
  'arena.workload': '工作負載：N 個 Python 執行緒 × M 個原生執行緒',
  'n.workload': `每次呼叫會啟動 M 個原生執行緒；每個執行緒配置 64 KiB 的區塊（低於 mmap 門檻，所以從自己的 arena 配置）、寫滿每個位元組、再釋放：
  C 版本（上方）透過持有 GIL 的 PyDLL 或放掉 GIL 的 CDLL 呼叫；Rust 版本（native/pyo3/src/alloc.rs）透過 PyO3 持有 GIL，
  和演講的 run_arena_test 一樣（沒有 allow_threads），或在 Python::detach 裡（下方）放掉 GIL。每一格都在全新的行程裡跑，每格三個行程，
  有原生呼叫和沒有原生呼叫各跑一次，這樣直譯器本身的成長就能和 arena 分開量。`,
  'arena.mechanism': '持有 GIL，原生執行緒就不會太多',
  'n.mechanism': `glibc 在執行緒第一次 malloc 時給它一個 arena：有結束的執行緒留下空的 arena 就拿來用，否則開一個新的，每個 CPU 最多 8 個。
  呼叫期間持有 GIL 時，N 個 Python 執行緒的呼叫不會重疊：同時最多只有 M 個原生執行緒，下一次呼叫的執行緒會重用上一次的 arena。
  放掉 GIL（這裡是 CDLL；「執行」按鈕量的就是這一組），或是在 PyDLL 沒有 GIL 可持有的自由執行緒版本上，最多會有 N × M 個執行緒重疊，
  每個都想要自己的 arena。長條：N=8、M=4 時的 arena 數，各行程的中位數，誤差線是最低到最高；灰色：同樣的 Python 執行緒但不做原生呼叫。`,
  'arena.matrix': 'Arena 風險矩陣：arena 記憶體',
  'arena.matrixLead': '執行結束後 glibc 執行緒 arena 佔用的 MiB（malloc_info），取各行程的中位數；下方是 arena 數量。',
  'n.matrix': `所有執行緒結束後，非主要 arena 仍向系統佔用的位元組數，每一格：列是 N 個 Python 執行緒，欄是每次呼叫的 M 個原生執行緒。
  這不是 RSS：RSS 還包含直譯器本身的成長。左：GIL 版本，中：自由執行緒，右：自由執行緒加上 GLIBC_TUNABLES=glibc.malloc.arena_max=2。
  三張圖用同一個色階。`,
  'arena.split': '是哪一塊記憶體變大：arena 還是直譯器？',
  'n.split': `以最大的那一格來看：超出基準行程（同樣的 Python 執行緒、不做原生呼叫）的 arena 位元組數、直譯器本身的 RSS 成長、總 RSS、arena 數量，
  以及是哪一塊變大：只有當一邊的每個行程都高於另一邊的每個行程（三個對三個，在沒有真正差異時機率是 20 分之 1），
  而且中位數相差超過四分之一 MiB，才算有差異。`,
  'arena.twoWays': '「風險放大」，兩種算法',
  'n.twoWays': `演講把無 GIL 的總 RSS 成長除以 GIL 的，只在 N=8、M=50 量了一次：3.13.5 上是 29.46×，3.14.0rc1 上是 55.26×。
  總 RSS 包含自由執行緒直譯器每個執行緒自己的記憶體，而 GIL 那邊的數字接近零時，任何比值都會很大。
  同樣條件該比的，是這個主張真正在講的記憶體：glibc 執行緒 arena 的位元組數，持有 GIL 對上不持有。兩者都附上跨行程的區間。
  在 N=8、M=50 時，兩個版本都碰到 glibc 每個 CPU 8 個 arena 的上限（這裡是 16 個），所以限制 arena 記憶體的是這個上限而不是 GIL；
  最後一列看的是低於上限的 N=8、M=4。`,
  'arena.blocks': '演講的 64 MiB 區塊根本不會進到 arena',
  'n.blocks': `演講的 Rust 執行緒各自用 set_len 做出一個 64 MiB 的 Vec，卻從來沒有寫入。64 MiB 是 glibc 初始 mmap 門檻（128 KiB）的 512 倍，
  也是門檻最多能調到的上限（64 位元上是 32 MiB）的兩倍：每個這樣的區塊都是獨立的 mmap，不在任何 arena 裡，釋放時直接 munmap。
  沒寫入過的頁面也從未常駐記憶體，所以 RSS 根本看不到它們。這裡會寫入這些區塊：每個執行緒讓 RSS 峰值增加 64 MiB，
  而執行緒 arena 停在第一個 heap，釋放後 RSS 又降回來。`,
  'arena.measured': '配置器比較表：在這台機器上實測',
  'n.measured': `演講表格中 Linux 能量測的每個情境，由 Rust 執行緒分別在 glibc 的 malloc，以及用 Debian 套件預先載入的 jemalloc、tcmalloc、mimalloc 下執行，
  每次都是全新的行程。在演講的符號旁邊，是我們依該列關心的量所排的名次：短命執行緒結束後留下的 RSS、有存活執行緒的長時間行程的 RSS、
  每次配置的奈秒數、固定負載下的 RSS 峰值、同時有 200 個執行緒時的 RSS 峰值。macOS 和 Windows 無法在這台機器上量測。`,
  'best.pinning': (cmd, key) => `CPU 綁定：${cmd}，或在 ffi-corners.config.json 設定 ${key}；環境檢查會列出其他該修正的項目。`,
  'best.ft': (decls, fn) => `自由執行緒：在每個原生模組宣告支援（${decls}），並在匯入之後檢查 ${fn}。`,
  'n.best': `演講的三個建議，以及這個儲存庫怎麼實踐：綁定 CPU 執行、在匯入之後量測 GIL 狀態，以及執行緒安全的原生程式碼（競爭實驗裡 mutex 和 atomic 那幾列）。`,
  'n.levelsAgain': `回到隱藏角落的地圖：標起來的那些，這份投影片都實際量過了。`,
  'qa.run': (start, cli) => `自己跑跑看：${start} · 不開投影片、直接執行每個實驗：${cli}`,
  'n.qa': `提問時間。這些連結是演講最後列出的參考資料，關於各套件對自由執行緒的支援。這裡展示的一切，都可以用 npm start 重跑，或用 CLI 在背景執行。`,
  'kit.citeRecap': (heading) => `〈${heading}〉的 Recap`,
};
