// The words of the claims' verdict reasons, in English and in Traditional Chinese as written in
// Taiwan: each sentence once per language, as a function of its numbers (each language its own word
// order), never a translated template with numbers pasted in. The rules compute the numbers; the
// reason is said in the language the claims are evaluated in (evaluateClaims(…, lang), analysis/
// claims.ts): the deck's language, `verify --lang`, English by default (the JSON, bundles, the CLI).
// The talk's quoted words (a claim's `talk`, its table rows) are not here: they stay as it wrote them.
// Also the verdict words and the names of the quality gates (analysis/quality.ts) as badges show them.
// tests/unit/i18n.test.ts fails when a key exists in one language only.
import type { Lang } from '../../protocol/lang.ts';
import type { Verdict } from './core.ts';
import type { InstructionLayer } from '../instructions.ts';

/** A quality gate, by the name that leads its reason in analysis/quality.ts ("loaded machine: …"). */
export type Gate = 'loaded machine' | 'below the C-API floor' | 'samples ≤ 0';

const en = {
  verdict: { holds: 'holds', differs: 'differs', mixed: 'mixed', inconclusive: 'inconclusive', 'not-tested': 'not tested' } as Record<Verdict, string>,
  gate: { 'loaded machine': 'loaded machine', 'below the C-API floor': 'below the C-API floor', 'samples ≤ 0': 'samples ≤ 0' } as Record<Gate, string>,
  /** Joins the clauses of one reason, and the items of a list. */
  clauses: (xs: string[]) => xs.join('; '),
  list: (xs: string[]) => xs.join(', '),
  // core
  processes: (ns: number[]) => `${ns.join('+')} process${ns.reduce((a, b) => a + b, 0) === 1 ? '' : 'es'}`,
  noRuntime: (builds: ('gil' | 'nogil')[], minor: string | null) => `no ${builds.map((b) => (b === 'gil' ? 'GIL' : 'free-threaded')).join(' or ')} runtime of ${minor === null ? 'any version' : `CPython ${minor}`} in these results`,
  gilCameBack: (rt: string) => `${rt}: a binding re-enabled the GIL on import, so these runs were not free-threaded`,
  unreadable: (message: string) => `the data could not be read: ${message}`,
  leftOut: (reason: string, n: number, gates: string[]) => `${reason}; ${n} run${n === 1 ? '' : 's'} left out by a quality check (${gates.join('; ')})`,
  // parts (per binding, per condition)
  part: (id: string, verdict: string, what: string) => `${id}: ${verdict}, ${what}`,
  partVerdict: (id: string, verdict: string) => `${id} ${verdict}`,
  condition: (time: string | null, instructions: string | null, byInstructions: boolean) =>
    `${time ?? 'no time'}; ${instructions ? `instructions ${instructions}` : 'no instructions'}${byInstructions ? ', decided by instructions' : ''}`,
  talkCondition: (rt: string | null, verdict: string, parts: string) => `the talk's condition (${rt ? `${rt}, ` : ''}free-threaded with the GIL on): ${verdict} (${parts})`,
  talkConditionMissing: (command: string) => `the talk's condition (free-threaded with the GIL on) not measured: ${command}`,
  apart: (parts: string) => `apart: ${parts}`,
  noRun: (experiment: string, rt: string, what = '') => `no finished ${experiment} run${what ? ` with ${what}` : ''} on ${rt}`,
  // benchmark: the talk's "Faster" tables
  notMeasuredOn: (id: string, rt: string) => `${id}: not measured on ${rt}`,
  missingSeries: (id: string, pairs: string[]) => `${id}: missing series: ${pairs.join(', ')}`,
  fasterRepeated: (id: string, agree: number, pairs: number, rt: string, contra: { pair: string; talk: string; ours: string }[], oneProcess: boolean, band: string) =>
    `${id}: ${agree} of ${pairs} "Faster" verdicts repeated on ${rt}${contra.length ? `; contradicted: ${contra.map((x) => `${x.pair} (talk ${x.talk}, ours ${found(x, band, en)})`).join('; ')}` : ''}${oneProcess ? '; one process gives no interval' : ''}`,
  tie: (band: string) => `within ${band} both ways`,
  notFaster: (talk: string, band: string) => `${talk} not ${band} faster`,
  fasterUnder: (binding: string, band: string) => `${binding} faster by under ${band}`,
  // free-threaded: Unicode and the lock frames
  unicodeMissing: (id: string, series: string, fn: string) => `${id}: no ${series}/${fn} beside ${series}/bytes_len on both builds`,
  freshStandsIn: ' (str_len_fresh not measured: a cached str stands in)',
  unicodeTalk: "the talk's code never passed a str to a binding: its string benchmark encoded the ASCII str \"hello world\" with .encode('utf-8') in a Python wrapper and passed bytes, and published no string timing; the only Unicode frames in its profiles are the str-keyed dict lookups of its own harness loop",
  withTalk: (reason: string, talk: string) => `${reason}. The talk: ${talk}`,
  noInstructions: (what: string, rt: string) => `no instructions run with ${what} on ${rt}`,
  pyo3Sync: (gil: string, gilRt: string, ft: string, ftRt: string, growth: string, sync: string, locks: string[], onSync: string | null, onCommand: string) =>
    `PyO3's call: ${gil} instructions on ${gilRt}, ${ft} on ${ftRt} (${growth}); its free-threaded sync layer ${sync}${locks.length ? ` (${locks.join(', ')})` : ', no critical-section or PyMutex symbol in its path'}; the talk's condition (GIL on): ${onSync === null ? `not counted (${onCommand})` : `sync layer ${onSync}`}`,
  // PyO3 vs ctypes: ranking, loaders, mechanisms
  needsTalkCffi: 'needs call-overhead runs with talk_cffi=true on both 3.13 runtimes',
  closestRival: (rival: string, rt: string, ratio: string, fastest: { binding: string | null; rt: string }[]) =>
    `closest rival: ${rival} on ${rt}, ${ratio} pyo3's time; fastest of all measured: ${fastest.map((f) => `${f.binding} (${f.rt})`).join(', ')}`,
  besideTalkCondition: "the talk's condition (GIL on)",
  besideGil: 'the GIL build',
  beside: (label: string, rt: string, verdict: string, ratio: string) => `${label} ${rt}: ${verdict}, ${ratio}`,
  besideMissing: (command: string) => `the talk's condition not measured: ${command}`,
  pydllSpeedup: (rt: string, ratio: string, talk: number, talkPython: string, nogil: boolean) => `PyDLL speed-up on ${rt}: ${ratio} (the talk: ${talk}× on ${talkPython} ${nogil ? 'no-GIL' : 'with the GIL'})`,
  blockingShare: (rt: string, median: string, trials: number, lo: string, hi: string) => `PyDLL / CDLL iterations during the C call on ${rt}: median ${median} over ${trials} trials (range ${lo}–${hi})`,
  cdllFreeSpeed: (share: string, trials: number, rt: string) => `CDLL: the other thread ran at ${share} of its free speed (median of ${trials} trials) on ${rt}`,
  vectorcall: (pyo3: string[], pyo3Tp: string[], ctypes: string[], pyo3N: string, ctypesN: string) =>
    `pyo3 enters through ${pyo3.join(', ') || 'no vectorcall function'}${pyo3Tp.length ? ` and ${pyo3Tp.join(', ')}` : ''}; ctypes through ${ctypes.join(', ') || 'no tp_call function'} (${pyo3N} vs ${ctypesN} instructions per call)`,
  largestLayer: (layer: string, count: string, libffi: string, share: string) => `largest ctypes layer besides dispatch: ${layer} (${count} instructions per call); libffi ${libffi} (${share}% of the call)`,
  handover: (rt: string, gil: string, total: string, share: string, path: string[], pydll: string | null, ft: string | null) =>
    `ctypes (CDLL) on ${rt}: the GIL layer is ${gil} of ${total} instructions per call (${share}%) through ${path.join(', ') || 'no hand-over symbol'}; PyDLL's GIL layer ${pydll ?? 'not counted'}; free-threaded CDLL's ${ft ?? 'not counted'}`,
  deadlocks: (rt: string, pydll: number, pydllOf: number, cdll: number, cdllOf: number) => `${rt}: PyDLL ${pydll} of ${pydllOf} deadlocked, CDLL ${cdll} of ${cdllOf}`,
  notMeasured: (rt: string) => `${rt} not measured`,
  talkConditionIs: (what: string) => `the talk's condition: ${what}`,
  talkConditionNot: (command: string) => `the talk's condition: not measured (${command})`,
  // races
  noRaces: (rt: string | null, loader: string | null) => (rt ? `no races run${loader ? ` with loader=${loader}` : ''} on ${rt}` : 'no races run'),
  pydllRaces: (gil: number, gilOf: number, nogil: number, nogilOf: number) => `PyDLL: ${gil} of ${gilOf} unsafe trials raced with the GIL, ${nogil} of ${nogilOf} without (counter and bank)`,
  cdllRaces: (raced: number, of: number) => `CDLL with the GIL: ${raced} of ${of} unsafe trials raced (counter and bank)`,
  nogilRaces: (raced: number, of: number) => `free-threaded: ${raced} of ${of} unsafe trials raced (counter and bank)`,
  safeRaces: (failing: number, runs: number) => `thread-safe functions: ${failing} failing trials in ${runs} runs`,
  raceArm: (arm: 'free-threaded' | 'GIL build' | 'GIL on', what: 'counter' | 'bank') => `${arm} ${what}`,
  notTalkParams: (id: string) => `${id}: not measured with the talk's parameters`,
  raceShare: (id: string, what: 'lost' | 'over-withdrew in', share: string, repeats: number, lo: string, hi: string, verdict: string) => `${id}: ${what} ${share}% over ${repeats} repeats (the talk: ${lo}–${hi}%) → ${verdict}`,
  // arenas and allocators
  cell: (cell: string, verdict: string, ratio: string | null) => `${cell}: ${verdict}${ratio ? `, ${ratio}` : ''}`,
  bothAtLimit: ' (both at the arena limit)',
  noArenaCell: (cell: string, rt: string) => `no arena run with the cell ${cell} (loader=pydll, glibc, no arena_max) on ${rt}`,
  arenaCapped: (limit: number | null, cell: string, judged: string | null) => `both builds reached glibc's arena limit (${limit} arenas) at the talk's cell ${cell}: inconclusive there, the same ceiling on both sides; ${judged ? `judged at ${judged}` : 'no cell below the limit in both runs'}`,
  arenaAtTalkCell: (cell: string) => `arena bytes at the talk's cell ${cell}`,
  arenaTalkCondition: (rt: string, cell: string) => `the talk's condition (${rt}) at ${cell}`,
  arenaTalkWay: (ratio: string | null, talk: number) => `the talk's way (total RSS): ${ratio ?? 'n/a'}; the talk: ${talk}×`,
  noArenaCap: (cap: number) => `no arena run with arena_max=${cap}`,
  arenaCaps: (capped: number, uncapped: number | null) => `most arenas in a capped process: ${capped}; uncapped: ${uncapped ?? 'not measured'}`,
  noRecipe: (rt: string) => `no arena run with one 64 MiB block per native thread on ${rt} (and a cell both builds measured)`,
  rssZero: (gil: number[], nogil: number[]) => `an RSS growth of 0 MiB or less at the talk's cell: no ratio (GIL ${gil.join(', ')}; free-threaded ${nogil.join(', ')} MiB)`,
  rssGrowth: (cell: string, ratio: string, talk: number) => `RSS growth at ${cell}, free-threaded / GIL: ${ratio} (the talk, at 8×50: ${talk}×, one process each)`,
  rssSize: (ratio: string, talk: number) => `${ratio} against the talk's ${talk}×`,
  grewWhere: (gil: string, nogil: string, gilMiB: string, nogilMiB: string, mmapped: string | null) =>
    `growth attributed to: GIL build ${gil}, free-threaded ${nogil}; the interpreter alone (same threads, no native call) grew ${gilMiB} and ${nogilMiB} MiB; blocks served by mmap: ${mmapped ?? 'not reported'}`,
  /** What a run's attribution says grew (analysis/arena.ts `grew`). */
  grew: (x: string) => x,
  /** A layer of a call's instructions (analysis/instructions.ts), as a reason names it. */
  layer: (l: InstructionLayer) => l as string,
  fewCells: (rt: string) => `${rt}: fewer than two cells below the arena limit`,
  cellGrowth: (hi: string, lo: string, ratio: string) => `${hi} over ${lo} ${ratio}`,
  noAllocators: (rt: string) => `no allocators run on ${rt}`,
  allocatorRow: (row: string, star: string, by: string, order: string | null, verdict: string) => `${row}: the talk's ★ ${star}; by ${by}: ${order ?? 'none measured'} → ${verdict}`,
  noStarHere: 'no measured scenario gives ★ to an allocator measured here',
  // best practice
  pinCounts: (pinned: number, free: number, rt: string, need: number) => `${pinned} pinned and ${free} unpinned call-overhead processes on ${rt}; each needs ${need}`,
  tooFewProcesses: (id: string) => `${id}: too few processes`,
  spread: (ratio: string, processes: string) => `unpinned / pinned spread ${ratio} (${processes})`,
};

export type ClaimWords = typeof en;

/** What a ranking pair found (analysis/claims/benchmark.ts, `ours`) in a language's words: a binding's
 * name as it is, or one of the labels `tie`, `not-faster`, `under:<binding>`. */
function found(x: { talk: string; ours: string }, band: string, w: Pick<ClaimWords, 'tie' | 'notFaster' | 'fasterUnder'>): string {
  if (x.ours === 'tie') return w.tie(band);
  if (x.ours === 'not-faster') return w.notFaster(x.talk, band);
  if (x.ours.startsWith('under:')) return w.fasterUnder(x.ours.slice('under:'.length), band);
  return x.ours;
}

/** The layers of a call's instructions, as the charts and reasons name them in Chinese. */
export const ZH_LAYERS: Record<InstructionLayer, string> = {
  dispatch: '直譯器分派',
  conversion: '參數／回傳值轉換',
  gil: 'GIL 釋放／重新取得',
  libffi: 'libffi',
  'ft-sync': '自由執行緒同步',
  'c-function': 'C 函式本身',
};

const ZH_VERDICT: Record<Verdict, string> = { holds: '成立', differs: '不同', mixed: '分歧', inconclusive: '無定論', 'not-tested': '未測試' };
const zhBuild = (b: 'gil' | 'nogil') => (b === 'gil' ? 'GIL 版本' : '自由執行緒版本');
const ZH_GREW: Record<string, string> = { arenas: ' arena', native: '原生配置', interpreter: '直譯器', both: '兩者都有', neither: '兩者都沒有' };
const ZH_MMAPPED: Record<string, string> = { always: '一律是', never: '從來不是', 'at first': '一開始是' };

const zhTW: ClaimWords = {
  verdict: ZH_VERDICT,
  gate: { 'loaded machine': '機器負載過高', 'below the C-API floor': '低於 C-API 下限', 'samples ≤ 0': '樣本 ≤ 0' },
  clauses: (xs) => xs.join('；'),
  list: (xs) => xs.join('、'),
  processes: (ns) => `${ns.join('+')} 個行程`,
  noRuntime: (builds, minor) => `這些結果裡沒有${minor === null ? '任何版本' : ` CPython ${minor} `}的 ${builds.map(zhBuild).join('或')}執行環境`,
  gilCameBack: (rt) => `${rt}：有繫結在匯入時把 GIL 打開了，所以這些結果並不是在自由執行緒下跑的`,
  unreadable: (message) => `無法讀取資料：${message}`,
  leftOut: (reason, n, gates) => `${reason}；有 ${n} 次執行因品質檢查未列入（${gates.join('；')}）`,
  part: (id, verdict, what) => `${id}：${verdict}，${what}`,
  partVerdict: (id, verdict) => `${id} ${verdict}`,
  condition: (time, instructions, byInstructions) =>
    `${time ?? '沒有時間資料'}；${instructions ? `指令數 ${instructions}` : '沒有指令數'}${byInstructions ? '，由指令數判定' : ''}`,
  talkCondition: (rt, verdict, parts) => `演講的條件（${rt ? `${rt}，` : ''}自由執行緒版本但 GIL 開啟）：${verdict}（${parts}）`,
  talkConditionMissing: (command) => `演講的條件（自由執行緒版本但 GIL 開啟）尚未量測：${command}`,
  apart: (parts) => `另列：${parts}`,
  noRun: (experiment, rt, what = '') => `${rt} 上沒有${what ? `參數為 ${what}、` : ''}跑完的 ${experiment} 結果`,
  notMeasuredOn: (id, rt) => `${id}：未在 ${rt} 上量測`,
  missingSeries: (id, pairs) => `${id}：缺少資料序列：${pairs.join('、')}`,
  fasterRepeated: (id, agree, pairs, rt, contra, oneProcess, band) =>
    `${id}：${pairs} 個「Faster」判定中有 ${agree} 個在 ${rt} 上重現${contra.length ? `；結果相反：${contra.map((x) => `${x.pair}（演講 ${x.talk}，我們 ${found(x, band, zhTW)}）`).join('；')}` : ''}${oneProcess ? '；只有一個行程，無法算出區間' : ''}`,
  tie: (band) => `兩者相差在 ${band} 內`,
  notFaster: (talk, band) => `${talk} 沒有快到 ${band}`,
  fasterUnder: (binding, band) => `${binding} 快不到 ${band}`,
  unicodeMissing: (id, series, fn) => `${id}：兩個版本都沒有與 ${series}/bytes_len 並列的 ${series}/${fn}`,
  freshStandsIn: '（沒有量 str_len_fresh：以已快取的 str 代替）',
  unicodeTalk: '演講的程式從沒把 str 傳給繫結：它的字串 benchmark 在 Python 包裝函式裡用 .encode(\'utf-8\') 把 ASCII 字串 "hello world" 編碼後傳 bytes，也沒有公開任何字串的計時；它的 profile 裡唯一和 Unicode 有關的 frame，是它自己量測迴圈中以 str 為鍵的 dict 查找',
  withTalk: (reason, talk) => `${reason}。演講：${talk}`,
  noInstructions: (what, rt) => `${rt} 上沒有含 ${what} 的 instructions 執行`,
  pyo3Sync: (gil, gilRt, ft, ftRt, growth, sync, locks, onSync, onCommand) =>
    `PyO3 的呼叫：在 ${gilRt} 上 ${gil} 個指令，在 ${ftRt} 上 ${ft} 個（${growth}）；其中自由執行緒同步層 ${sync} 個${locks.length ? `（${locks.join('、')}）` : '，呼叫路徑上沒有 critical section 或 PyMutex 的符號'}；演講的條件（GIL 開啟）：${onSync === null ? `未計數（${onCommand}）` : `同步層 ${onSync} 個`}`,
  needsTalkCffi: '需要兩個 3.13 執行環境上 talk_cffi=true 的 call-overhead 結果',
  closestRival: (rival, rt, ratio, fastest) =>
    `最接近的對手：${rt} 上的 ${rival}，時間是 pyo3 的 ${ratio}；所有量測對象中最快的：${fastest.map((f) => `${f.binding}（${f.rt}）`).join('、')}`,
  besideTalkCondition: '演講的條件（GIL 開啟）',
  besideGil: 'GIL 版本',
  beside: (label, rt, verdict, ratio) => `${label}，${rt}：${verdict}，${ratio}`,
  besideMissing: (command) => `演講的條件尚未量測：${command}`,
  pydllSpeedup: (rt, ratio, talk, talkPython, nogil) => `${rt} 上 PyDLL 的加速比：${ratio}（演講：${talkPython} ${nogil ? '無 GIL' : '有 GIL'} 時為 ${talk}×）`,
  blockingShare: (rt, median, trials, lo, hi) => `${rt} 上 C 呼叫期間的迭代次數 PyDLL ÷ CDLL：${trials} 次試驗的中位數 ${median}（範圍 ${lo}–${hi}）`,
  cdllFreeSpeed: (share, trials, rt) => `CDLL：在 ${rt} 上，另一個執行緒的速度是它自由執行時的 ${share} 倍（${trials} 次試驗的中位數）`,
  vectorcall: (pyo3, pyo3Tp, ctypes, pyo3N, ctypesN) =>
    `pyo3 經由 ${pyo3.join('、') || '（沒有 vectorcall 函式）'}${pyo3Tp.length ? ` 與 ${pyo3Tp.join('、')}` : ''} 進入；ctypes 經由 ${ctypes.join('、') || '（沒有 tp_call 函式）'}（每次呼叫 ${pyo3N} 對 ${ctypesN} 個指令）`,
  largestLayer: (layer, count, libffi, share) => `除了直譯器分派之外，ctypes 最大的一層是「${layer}」（每次呼叫 ${count} 個指令）；libffi ${libffi} 個（占整個呼叫的 ${share}%）`,
  handover: (rt, gil, total, share, path, pydll, ft) =>
    `${rt} 上的 ctypes（CDLL）：每次呼叫 ${total} 個指令中，GIL 層占 ${gil} 個（${share}%），經由 ${path.join('、') || '（沒有交接 GIL 的符號）'}；PyDLL 的 GIL 層 ${pydll === null ? '未計數' : `${pydll} 個`}；自由執行緒版本 CDLL 的 ${ft === null ? '未計數' : `${ft} 個`}`,
  deadlocks: (rt, pydll, pydllOf, cdll, cdllOf) => `${rt}：PyDLL ${pydllOf} 次中 ${pydll} 次死結，CDLL ${cdllOf} 次中 ${cdll} 次`,
  notMeasured: (rt) => `${rt} 尚未量測`,
  talkConditionIs: (what) => `演講的條件：${what}`,
  talkConditionNot: (command) => `演講的條件：尚未量測（${command}）`,
  noRaces: (rt, loader) => (rt ? `${rt} 上沒有${loader ? ` loader=${loader} 的` : ''} races 執行` : '沒有任何 races 執行'),
  pydllRaces: (gil, gilOf, nogil, nogilOf) => `PyDLL：有 GIL 時 ${gilOf} 次不安全的試驗中有 ${gil} 次出現競爭，沒有 GIL 時 ${nogilOf} 次中有 ${nogil} 次（計數器與銀行）`,
  cdllRaces: (raced, of) => `有 GIL 的 CDLL：${of} 次不安全的試驗中有 ${raced} 次出現競爭（計數器與銀行）`,
  nogilRaces: (raced, of) => `自由執行緒版本：${of} 次不安全的試驗中有 ${raced} 次出現競爭（計數器與銀行）`,
  safeRaces: (failing, runs) => `執行緒安全的函式：${runs} 次執行中有 ${failing} 次試驗出錯`,
  raceArm: (arm, what) => `${arm === 'free-threaded' ? '自由執行緒版本' : arm === 'GIL build' ? 'GIL 版本' : 'GIL 開啟時'}的${what === 'counter' ? '計數器' : '銀行'}`,
  notTalkParams: (id) => `${id}：沒有用演講的參數量測`,
  raceShare: (id, what, share, repeats, lo, hi, verdict) => `${id}：${repeats} 次重複中${what === 'lost' ? '少算了' : '超額提款的比例'} ${share}%（演講：${lo}–${hi}%）→ ${verdict}`,
  cell: (cell, verdict, ratio) => `${cell}：${verdict}${ratio ? `，${ratio}` : ''}`,
  bothAtLimit: '（兩邊都到了 arena 上限）',
  noArenaCell: (cell, rt) => `${rt} 上沒有含 ${cell} 這格的 arena 執行（loader=pydll、glibc、不設 arena_max）`,
  arenaCapped: (limit, cell, judged) => `兩個版本在演講的那一格 ${cell} 都到了 glibc 的 arena 上限（${limit} 個 arena）：那一格無定論，兩邊量到的是同一個天花板；${judged ? `改看兩邊都沒到上限的最大一格，${judged}` : '兩次執行都沒有低於上限的格子'}`,
  arenaAtTalkCell: (cell) => `演講那一格的 arena 位元組：${cell}`,
  arenaTalkCondition: (rt, cell) => `演講的條件（${rt}）在 ${cell}`,
  arenaTalkWay: (ratio, talk) => `演講的算法（整個行程的 RSS）：${ratio ?? '無'}；演講：${talk}×`,
  noArenaCap: (cap) => `沒有 arena_max=${cap} 的 arena 執行`,
  arenaCaps: (capped, uncapped) => `設上限的行程最多 ${capped} 個 arena；不設上限：${uncapped === null ? '尚未量測' : `${uncapped} 個`}`,
  noRecipe: (rt) => `${rt} 上沒有每個原生執行緒配置一塊 64 MiB 的 arena 執行（也沒有兩個版本都量到的格子）`,
  rssZero: (gil, nogil) => `演講那一格的 RSS 成長為 0 MiB 以下：無法算比值（GIL ${gil.join('、')}；自由執行緒 ${nogil.join('、')} MiB）`,
  rssGrowth: (cell, ratio, talk) => `${cell} 的 RSS 成長，自由執行緒 ÷ GIL：${ratio}（演講在 8×50：${talk}×，各一個行程）`,
  rssSize: (ratio, talk) => `${ratio}，演講是 ${talk}×`,
  grewWhere: (gil, nogil, gilMiB, nogilMiB, mmapped) =>
    `成長來源：GIL 版本是${gil}、自由執行緒版本是${nogil}；直譯器本身（同樣的執行緒、不呼叫原生程式）成長 ${gilMiB} 與 ${nogilMiB} MiB；區塊是否由 mmap 配置：${mmapped === null ? '未回報' : (ZH_MMAPPED[mmapped] ?? mmapped)}`,
  grew: (x) => ZH_GREW[x] ?? x,
  layer: (l) => ZH_LAYERS[l],
  fewCells: (rt) => `${rt}：低於 arena 上限的格子不到兩格`,
  cellGrowth: (hi, lo, ratio) => `${hi} 相對於 ${lo}：${ratio}`,
  noAllocators: (rt) => `${rt} 上沒有 allocators 執行`,
  allocatorRow: (row, star, by, order, verdict) => `${row}：演講的 ★ 是 ${star}；依 ${by}：${order ?? '都沒有量到'} → ${verdict}`,
  noStarHere: '量到的情境中，★ 都不在這裡能量測的配置器上',
  pinCounts: (pinned, free, rt, need) => `${rt} 上有 ${pinned} 個綁定 CPU、${free} 個未綁定的 call-overhead 行程；兩者各需要 ${need} 個`,
  tooFewProcesses: (id) => `${id}：行程太少`,
  spread: (ratio, processes) => `未綁定 ÷ 綁定 CPU 的行程間離散度 ${ratio}（${processes}）`,
};

export const CLAIM_WORDS: Record<Lang, ClaimWords> = { en, 'zh-TW': zhTW };

let current: ClaimWords = en;

/** The words of the language the claims are being evaluated in. */
export const say = (): ClaimWords => current;

/** Runs `f` with the claims' reasons in `lang` (evaluation is synchronous: nothing else runs meanwhile). */
export function inLang<T>(lang: Lang, f: () => T): T {
  const before = current;
  current = CLAIM_WORDS[lang];
  try {
    return f();
  } finally {
    current = before;
  }
}

/** A quality gate's reason ("loaded machine: 1-minute load …") by its name, in `lang` (else the
 * language the claims are being evaluated in). */
export function gateName(reason: string, lang?: Lang): string {
  const name = reason.split(':')[0]!;
  return ((lang ? CLAIM_WORDS[lang] : current).gate as Record<string, string>)[name] ?? name;
}
