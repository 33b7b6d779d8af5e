// The fine print the live views write under their tables (citations with our method beside the
// talk's, parameter lines, row labels of ours), in English and in Traditional Chinese as written in
// Taiwan. The talk's words inside them (its recap's sentence, its table and section names, its
// script names) are passed in or written as the talk wrote them. Merged into messages.ts.

export const fineEn = {
  /** The talk as a source, named in every citation. */
  'f.talk': 'The talk: “Python FFI 的陰暗角落”, PyCon TW 2025 (scc)',
  // races
  'f.racesHead': ['', 'Talk: GIL', 'Talk: No-GIL', 'Ours: GIL + PyDLL', 'Ours: GIL + CDLL', 'Ours: no-GIL + PyDLL', 'Ours: no-GIL + CDLL'],
  'f.raceRepeats': (races: number) => `Race: ${races} repeats`,
  'f.safeLost': (n: number) => `Safe: mutex + atomic, 0/${n} lost`,
  'f.racesColumns': (talk: string, ours: string) => `Talk columns: ${talk}. Ours: ${ours}.`,
  'f.racesClaimsHead': ['PyDLL, UNSAFE', 'Counter races', 'Mean accuracy', 'Bank broken', 'Threads × iterations'],
  'f.talkRow': (what: string) => `Talk, ${what}`,
  'f.talkNogil': (python: string) => `Talk, ${python} No-GIL`,
  'f.oursRow': (what: string) => `Ours, ${what}`,
  'f.racesRows': (talk: string, ours: string, theirs: string) => `Talk rows: ${talk}. Our default is ${ours} iterations per thread (the talk: ${theirs}).`,
  // arenas
  'f.arenaParams': (repeats: number, calls: number, blocks: number, kib: number, floor: number) =>
    `Medians over ${repeats} processes (lowest–highest). N Python threads × ${calls} calls, each M native threads × ${blocks} blocks of ${kib} KiB (below glibc's 128 KiB mmap threshold). “Which grew”: every process above every baseline process, medians more than ${floor} MiB apart.`,
  'f.twoWaysHead': ['', 'GIL MiB', 'no-GIL MiB', 'no-GIL / GIL [95% interval]', ''],
  'f.talk313': (python: string, n: number, m: number) => `Talk, ${python}, N=${n}, M=${m} (total RSS, one run)`,
  'f.oursTalkWay': (cell: string) => `Ours, the talk's way: total RSS Δ, ${cell}`,
  'f.notJudged': 'shown, not judged',
  'f.oursArenaCapped': (cell: string) => `Ours, like for like: non-main arena bytes, ${cell} (both builds at glibc's arena limit)`,
  'f.sameCeiling': 'the same ceiling: not judged',
  'f.oursBelow': (cell: string) => `Ours, like for like, ${cell} (below the limit)`,
  'f.oursArena': (cell: string) => `Ours, like for like: non-main arena bytes, ${cell}`,
  'f.oursCell': (cell: string) => `Ours, like for like, ${cell}`,
  'f.arenaRows': (talk: string) =>
    `Talk rows: ${talk} (arena_test.py --arena-risk --python-threads 8 --rust-threads 50, 64 MiB per Rust thread). Ours: the badged like-for-like row is the claim's own ratio and interval (rule below), at the talk's cell unless both builds sit at glibc's arena limit there; the other rows are ratios of medians with a 95% bootstrap interval over the processes, shown, not judged.`,
  'f.mmapRow': (runtime: string, threads: string, blocks: string, mib: number) => `${runtime}: M=${threads} threads × ${blocks} block of ${mib} MiB`,
  'f.rankBy': (row: string, by: 'retainedMiB' | 'peakRssMiB' | 'allocNs' | 'releasedMiB') =>
    `${row} (by ${{ retainedMiB: 'RSS left after', peakRssMiB: 'peak RSS', allocNs: 'ns per allocation', releasedMiB: 'RSS after freeing all' }[by]})`,
  'f.missing': (talk: string) => `${talk} · missing`,
  'f.allocatorsCite': (talk: string, repeats: string, runtime: string) =>
    `Symbols: the talk's table (${talk}; ★ best · ○ good · △ with tuning · ×), mimalloc not in it. #k: our rank, lowest first, median over ${repeats} processes on ${runtime}.`,
  // loaders
  'f.gilHeld': '(GIL held)',
  'f.gilReleased': '(GIL released)',
  'f.loaderCalls': (calls: string) => ` (${calls} calls)`,
  'f.speedupHead': (calls: string) => [`get_pid × ${calls}`, 'CDLL', 'PyDLL', 'Speedup (PyDLL vs CDLL)', ''],
  'f.loadersRows': (talk: string, recap: string, nogil: number, gil: number) =>
    `Talk rows: ${talk} (cdll_vs_pydll.py, one timing each). Ours: median of the interleaved repeats; the talk's recap says “${recap}”, its own output shows ${nogil}× on no-GIL and ${gil}× on GIL.`,
  'f.blockingHead': ['Iterations during C sleep', 'CDLL', 'PyDLL', 'PyDLL / CDLL', ''],
  'f.blockingRows': (talk: string, sleepMs: number) =>
    `Talk rows: ${talk} (pydll_blocking.py, 3.14.0rc1; its output does not label the two cases, shown here in its order). Ours: median of the repeats, ${sleepMs} ms sleep.`,
  // what kind of chart (its accessible name and the caption of its data table)
  'f.chartDistribution': (violin: boolean, unit: string) => `${violin ? 'violin plot' : 'box plot'} of ${unit} per label`,
  'f.chartHeatmap': (value: string | null, y: string, x: string) => `heat map of ${value ?? 'values'} by ${y} and ${x}`,
  'f.chartBars': (unit: string) => `bar chart, ${unit}`,
  // the comparison slide: which side a machine line describes
  'f.sideHERE': 'HERE',
  'f.sideTHERE': 'THERE',
  'f.sideLIVE': 'LIVE',
  'f.sideRECORDED': 'RECORDED',
  // call overhead
  'f.estimators': "Estimators as the talk's tables: values outside Q1 − 1.5·IQR … Q3 + 1.5·IQR dropped, then Std (ddof 1), Cv = Std/mean, skewness m3/Std³, kurtosis m4/Std⁴ − 3, mad = 1.4826 × median |x − median|. Same as npx ffi-corners stats FILE --estimators talk.",
  'f.fasterColumn': (table: 1 | 2) => `“Faster” column, ${table === 1 ? 'first' : 'second'} table`,
  'f.talkTable': (id: string, where: string) => `Talk table ${id}: ${where}`,
  'f.source': (talk: string, estimators: boolean) => `Source: ${talk}.${estimators ? ' Its estimators: Tukey outliers dropped, MAD ×1.4826.' : ''}`,
  'f.ourOrder': (orders: string[], mapped: string, talk: string) =>
    `Our order (fastest first): ${orders.join(' · ')}. Talk names mapped to what it ran: ${mapped}. The talk does not label its tables' runtimes: its first is read as GIL, its second as no-GIL. Source of the verdicts: ${talk}.`,
  'f.thisRun': (lo: string, hi: string) => `This run: no-GIL / GIL from ${lo} to ${hi} (one process per build: the verdict, with its interval over processes, is the recap's).`,
  'f.leftColumn': (talk: string, heading: string) => `Left column: ${talk}, “${heading}”, Recap. Unicode: str_len against bytes_len on the bindings that take both directly (pure Python and wrapped calls excluded).`,
};

export type FineMessages = { [K in keyof typeof fineEn]: (typeof fineEn)[K] };

const ZH_RANK_BY = { retainedMiB: '執行後留下的 RSS', peakRssMiB: 'RSS 峰值', allocNs: '每次配置的 ns', releasedMiB: '全部釋放後的 RSS' };

export const fineZh: FineMessages = {
  'f.talk': '演講「Python FFI 的陰暗角落」，PyCon TW 2025（scc）',
  'f.racesHead': ['', '演講：GIL', '演講：無 GIL', '我們：GIL + PyDLL', '我們：GIL + CDLL', '我們：無 GIL + PyDLL', '我們：無 GIL + CDLL'],
  'f.raceRepeats': (races) => `競爭：${races} 次重複`,
  'f.safeLost': (n) => `安全：mutex + atomic，${n} 次中少算 0 次`,
  'f.racesColumns': (talk, ours) => `演講的欄位：${talk}。我們的：${ours}。`,
  'f.racesClaimsHead': ['PyDLL，不安全', '計數器競爭', '平均準確率', '銀行餘額出錯', '執行緒 × 迭代次數'],
  'f.talkRow': (what) => `演講，${what}`,
  'f.talkNogil': (python) => `演講，${python} 無 GIL`,
  'f.oursRow': (what) => `我們，${what}`,
  'f.racesRows': (talk, ours, theirs) => `演講的列：${talk}。我們預設每個執行緒迭代 ${ours} 次（演講：${theirs} 次）。`,
  'f.arenaParams': (repeats, calls, blocks, kib, floor) =>
    `${repeats} 個行程的中位數（最低–最高）。N 個 Python 執行緒 × ${calls} 次呼叫，每次 M 個原生執行緒 × ${blocks} 塊 ${kib} KiB（低於 glibc 128 KiB 的 mmap 門檻）。「哪個成長」：每個行程都高於每個基準行程，且中位數相差超過 ${floor} MiB。`,
  'f.twoWaysHead': ['', 'GIL MiB', '無 GIL MiB', '無 GIL ÷ GIL［95% 區間］', ''],
  'f.talk313': (python, n, m) => `演講，${python}，N=${n}，M=${m}（整個行程的 RSS，跑一次）`,
  'f.oursTalkWay': (cell) => `我們，照演講的算法：整個行程的 RSS Δ，${cell}`,
  'f.notJudged': '僅列出，不判定',
  'f.oursArenaCapped': (cell) => `我們，同條件比較：非主 arena 的位元組，${cell}（兩個版本都到了 glibc 的 arena 上限）`,
  'f.sameCeiling': '同一個天花板：不判定',
  'f.oursBelow': (cell) => `我們，同條件比較，${cell}（低於上限）`,
  'f.oursArena': (cell) => `我們，同條件比較：非主 arena 的位元組，${cell}`,
  'f.oursCell': (cell) => `我們，同條件比較，${cell}`,
  'f.arenaRows': (talk) =>
    `演講的列：${talk}（arena_test.py --arena-risk --python-threads 8 --rust-threads 50，每個 Rust 執行緒 64 MiB）。我們的：有判定標記的同條件列，是該主張自己的比值與區間（規則見下方），取演講那一格，除非兩個版本在那一格都到了 glibc 的 arena 上限；其他列是中位數的比值，附跨行程的 95% bootstrap 區間，僅列出，不判定。`,
  'f.mmapRow': (runtime, threads, blocks, mib) => `${runtime}：M=${threads} 個執行緒 × ${blocks} 塊 ${mib} MiB`,
  'f.rankBy': (row, by) => `${row}（依${ZH_RANK_BY[by]}）`,
  'f.missing': (talk) => `${talk} · 缺少`,
  'f.allocatorsCite': (talk, repeats, runtime) =>
    `符號：演講的表格（${talk}；★ 最佳 · ○ 良好 · △ 需調校 · ×），表中沒有 mimalloc。#k：我們的名次，越低越前面，取 ${runtime} 上 ${repeats} 個行程的中位數。`,
  'f.gilHeld': '（持有 GIL）',
  'f.gilReleased': '（釋放 GIL）',
  'f.loaderCalls': (calls) => `（${calls} 次呼叫）`,
  'f.speedupHead': (calls) => [`get_pid × ${calls}`, 'CDLL', 'PyDLL', '加速比（PyDLL 相對於 CDLL）', ''],
  'f.loadersRows': (talk, recap, nogil, gil) =>
    `演講的列：${talk}（cdll_vs_pydll.py，各計時一次）。我們的：交錯重複的中位數；演講的 recap 寫「${recap}」，但它自己的輸出在無 GIL 時是 ${nogil}×，有 GIL 時是 ${gil}×。`,
  'f.blockingHead': ['C sleep 期間的迭代次數', 'CDLL', 'PyDLL', 'PyDLL ÷ CDLL', ''],
  'f.blockingRows': (talk, sleepMs) =>
    `演講的列：${talk}（pydll_blocking.py，3.14.0rc1；它的輸出沒有標出兩種情況，這裡照它的順序列出）。我們的：重複的中位數，sleep ${sleepMs} ms。`,
  'f.chartDistribution': (violin, unit) => `各標籤 ${unit} 的${violin ? '小提琴圖' : '盒鬚圖'}`,
  'f.chartHeatmap': (value, y, x) => `${value ?? '數值'}的熱度圖，依${y}與${x}`,
  'f.chartBars': (unit) => `長條圖，${unit}`,
  'f.sideHERE': '這台',
  'f.sideTHERE': '那台',
  'f.sideLIVE': '即時',
  'f.sideRECORDED': '預錄',
  'f.estimators': '估計量同演講的表格：先去掉 Q1 − 1.5·IQR … Q3 + 1.5·IQR 以外的值，再算 Std（ddof 1）、Cv = Std/mean、偏態 m3/Std³、峰態 m4/Std⁴ − 3、mad = 1.4826 × median |x − median|。與 npx ffi-corners stats FILE --estimators talk 相同。',
  'f.fasterColumn': (table) => `${table === 1 ? '第一' : '第二'}張表的「Faster」欄`,
  'f.talkTable': (id, where) => `演講的表 ${id}：${where}`,
  'f.source': (talk, estimators) => `出處：${talk}。${estimators ? '它的估計量：去掉 Tukey 離群值，MAD ×1.4826。' : ''}`,
  'f.ourOrder': (orders, mapped, talk) =>
    `我們的順序（由快到慢）：${orders.join(' · ')}。演講的名稱對應到它實際跑的：${mapped}。演講沒有標出表格的執行環境：第一張視為 GIL，第二張視為無 GIL。判定的出處：${talk}。`,
  'f.thisRun': (lo, hi) => `這次執行：無 GIL ÷ GIL 從 ${lo} 到 ${hi}（每個版本一個行程：附跨行程區間的判定以 recap 為準）。`,
  'f.leftColumn': (talk, heading) => `左欄：${talk}，〈${heading}〉的 Recap。Unicode：在直接接受 str 與 bytes 的繫結上，比較 str_len 與 bytes_len（不含純 Python 與經包裝的呼叫）。`,
};
