// The deck's two languages: every key in both catalogs, every Chinese string in Traditional
// characters with Taiwan's terms, and no English sentence left inside a Chinese one.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CATALOGS, LANGS, type Messages } from '../../slides/i18n/messages.ts';

/** Sample arguments for a message function by its parameter count (numbers)… */
const BY_ARITY: Record<number, unknown[]> = {
  1: [3],
  2: [3, 9],
  3: [3, 9, 2],
  4: [3, 9, 2, 7],
  5: [3, 9, 2, 7, 5],
};
/** …and by key where they are strings, lists or pairs (the catalog's types say which). */
const BY_KEY: Record<string, unknown[]> = {
  'run.group': ['races'],
  'run.phase': ['calibrating', 3, 9],
  'run.busy': ['arena'],
  'run.noServer': [true],
  'run.unreachable': [true],
  'run.ended': ['3.13.5-gil', 'timeout', null],
  'run.params': ['threads=50 · repeats=5'],
  'badge.gil': [true],
  'badge.leftOut': ['cv, drift'],
  'verdict.rule': [95, 5, true],
  'badge.noData': ['races', '3.13.5-gil'],
  'badge.title': ['live', '{"repeats":5}'],
  'h.coViolin': ['GIL', [{ binding: 'pyo3', x: '1.2×' }], '13.1'],
  'h.coRankingPart': ['GIL', { binding: 'nanobind', x: '0.8×' }, { binding: 'ctypes-cdll', x: '8.1×' }],
  'h.coMedians': ['0.91×', '2.4×'],
  'h.coStats': ['GIL', '1.2', '4.5', 9, '200'],
  'h.coPairs': ['GIL', 4, 6, 2],
  'h.scalingPart': ['GIL', '3.1', 'capi'],
  'h.scaling': [8, ['GIL 3.1', 'GIL 5.2']],
  'h.cdllBars': [['GIL 1.6×', 'GIL 1.1×']],
  'h.blocking': [['GIL 0.1%']],
  'h.racesCounter': [3, 5, '1,234'],
  'h.arena': [['GIL 12.5']],
  'cmp.onlyRecorded': ['3.13.5 GIL'],
  'cmp.noPeer': ['batched', '3.13.5 GIL'],
  'cmp.ranking': [2, 9, '0.94'],
  'cmp.overall': ['0.74×', true],
  'cmp.onlyLive': ['nanobind'],
  'cmp.onlyRec': ['cffi-talk'],
  'cmp.fine': ['return_int', 9, ['cffi-talk']],
  'cmp.bundleHead': ['theirs.bundle', 'AMD EPYC ×2, 2026-12-01', 'live'],
  'cmp.bundleNoPeer': ['3.13.5 GIL'],
  'cmp.bundleRanking': [0, 9, '1.00'],
  'cmp.bundleOverall': ['1.20×'],
  'cmp.bundleClaims': ['9 holds', 'return_int'],
  'cmp.count': [9, 'holds'],
  'rt.build': ['my-3.14t', true],
  'c.violinTitle': ['return_int', 'batched', '200+', '3.13.5 GIL'],
  'c.findPyo3': ['1,234', '3.1', '400', ''],
  'c.findFtPart': ['GIL', '+12', 3],
  'c.findFt': ['+120', 6, ['libffi −40']],
  'c.mechFinding': [8, 4, 5, 17, 16],
  'c.twoWaysFinding': ['29.46', '3.1× [2.0–4.4]', '29.46'],
  'c.mmapFinding': ['256', '0.13'],
  'c.scalingWhy': [[1, 2], 2, 2],
  'f.racesColumns': ['PyCon TW 2025', 'threads=50 · iterations=1,000,000'],
  'f.talkRow': ['GIL'],
  'f.talkNogil': ['3.13.5'],
  'f.oursRow': ['3.13.5 GIL'],
  'f.racesRows': ['PyCon TW 2025', '1,000,000', '10,000'],
  'f.talk313': ['3.13.5', 8, 50],
  'f.oursTalkWay': ['N=8, M=50'],
  'f.oursArenaCapped': ['N=8, M=50'],
  'f.oursBelow': ['N=4, M=16'],
  'f.oursArena': ['N=8, M=50'],
  'f.oursCell': ['N=8, M=4'],
  'f.arenaRows': ['PyCon TW 2025'],
  'f.mmapRow': ['3.13.5 GIL', '2', '1', 64],
  'f.rankBy': ['many short-lived threads', 'retainedMiB'],
  'f.missing': ['★'],
  'f.allocatorsCite': ['PyCon TW 2025', '3', '3.13.5 GIL'],
  'f.loaderCalls': ['2,000,000'],
  'f.speedupHead': ['2,000,000'],
  'f.loadersRows': ['PyCon TW 2025', 'PyDLL > CDLL over a 20% performance when NoGIL', 1.089, 1.222],
  'f.blockingRows': ['PyCon TW 2025', 500],
  'f.chartDistribution': [true, 'ns/call'],
  'f.chartHeatmap': ['arena MiB', 'N', 'M'],
  'f.chartBars': ['ns/call'],
  'f.talkTable': ['A', '“Benchmark ctypes, cffi, pybind11, PyO3”'],
  'f.source': ['PyCon TW 2025', true],
  'f.ourOrder': [['3.13.5 GIL: pyo3 < pybind11'], 'ctypes = ctypes-cdll', 'PyCon TW 2025'],
  'f.thisRun': ['0.64×', '1.93×'],
  'f.fasterColumn': [1],
  'f.leftColumn': ['PyCon TW 2025', 'Why Free-Threaded Makes Them Slower?'],
};

/** A message function's text with its sample arguments. */
function sample(key: string, fn: (...a: never[]) => unknown): string {
  const out = (fn as (...a: unknown[]) => unknown)(...(BY_KEY[key] ?? BY_ARITY[fn.length] ?? []));
  return Array.isArray(out) ? out.join(' | ') : String(out);
}

const texts = (m: Messages): [string, string][] =>
  Object.entries(m).map(([k, v]) => [k, typeof v === 'function' ? sample(k, v as (...a: never[]) => unknown) : Array.isArray(v) ? v.join(' | ') : String(v)]);

describe('the deck in two languages', () => {
  test('every key exists in both languages', () => {
    const keys = LANGS.map((l) => new Set(Object.keys(CATALOGS[l])));
    const missing = LANGS.flatMap((l, i) => [...keys[1 - i]!].filter((k) => !keys[i]!.has(k)).map((k) => `${l} lacks ${k}`));
    assert.deepEqual(missing, []);
    assert.ok(keys[0]!.size > 50, `${keys[0]!.size} keys`);
    // Same kind of message in both: a function where the other is a function, lists as long.
    for (const k of keys[0]!) {
      const [a, b] = LANGS.map((l) => (CATALOGS[l] as Record<string, unknown>)[k]);
      assert.equal(typeof a, typeof b, k);
      if (typeof a === 'function') assert.equal((a as () => void).length, (b as () => void).length, `${k}: parameters`);
      if (Array.isArray(a)) assert.equal(a.length, (b as unknown[]).length, `${k}: columns`);
    }
  });

  test('every Chinese message is Chinese, in Traditional characters and Taiwan\'s terms, with no English sentence inside', () => {
    const han = /\p{Script=Han}/u;
    // Characters written only in Simplified Chinese (their Traditional forms differ).
    const simplified = /[线执这时为个们说过实验结发数设测试较机录预记忆体务决断开关计单显动态码档储缓认错误释环并从级类觉样进间问题应该处带]/u;
    // Mainland terms where Taiwan writes 執行緒, 記憶體, 軟體, 預設, 資訊, 程式, 函式, 資料.
    const mainland = /線程|內存|内存|軟件|默認|信息|程序|函數|數據/u;
    // English function words: a sentence left untranslated (ids, commands and units may stay).
    const english = /\b(of|in|the|and|with|across|vs|on|is|are|here|no|only|run|runs|moved|than)\b/i;
    // The same in both: the build's name, the key hint naming the other language, a driver's phase (its words).
    const same = new Set(['build.gil', 'lang.switch', 'run.phase']);
    const bad: string[] = [];
    for (const [k, text] of texts(CATALOGS['zh-TW'])) {
      if (!han.test(text) && !same.has(k)) bad.push(`${k}: no Chinese: ${text}`);
      if (simplified.test(text)) bad.push(`${k}: Simplified character ${simplified.exec(text)![0]}: ${text}`);
      if (mainland.test(text)) bad.push(`${k}: mainland term ${mainland.exec(text)![0]}: ${text}`);
      const stripped = text.replace(/npx ffi-corners [a-z-]+( [a-z-]+)*|npm start|https?:\S+|[a-z_]+\(\)|\b[\w.-]+\.bundle\b/g, '');
      if (english.test(stripped)) bad.push(`${k}: English left: ${english.exec(stripped)![0]}: ${text}`);
    }
    assert.deepEqual(bad, []);
  });

  test('numbers stay the data\'s: each Chinese sentence carries the same numbers as the English one', () => {
    const nums = (s: string) => (s.match(/\d+(?:[.,]\d+)*/g) ?? []).sort();
    const en = new Map(texts(CATALOGS.en));
    const bad = texts(CATALOGS['zh-TW'])
      .filter(([k]) => !k.startsWith('title.'))
      .filter(([k, zh]) => JSON.stringify(nums(zh)) !== JSON.stringify(nums(en.get(k)!)))
      .map(([k, zh]) => `${k}: ${zh} / ${en.get(k)}`);
    assert.deepEqual(bad, []);
  });
});
