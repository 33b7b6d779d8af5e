// The claims' verdict reasons in both languages (analysis/claims/words.ts): every sentence in both,
// and every claim judged on the shipped records says its reason in Traditional Chinese with the same
// verdict and the same numbers as in English, no English sentence left in it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { evaluateClaims } from '../../analysis/claims.ts';
import { CLAIM_WORDS, gateName } from '../../analysis/claims/words.ts';
import { TALK_ALLOCATORS } from '../../analysis/talk.ts';
import { recordQuality } from '../../analysis/quality.ts';
import type { RunRecord } from '../../protocol/record.ts';

/** Every record shipped with the deck (assets/results and its processes/ folder). */
function shipped(): RunRecord[] {
  const out: RunRecord[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.json') && f.includes('--')) out.push(JSON.parse(readFileSync(p, 'utf8')) as RunRecord);
    }
  };
  walk(join(import.meta.dirname, '../../assets/results'));
  return out;
}

/** A reason and the reasons of its parts. */
const reasons = (c: { reason: string; parts?: { reason: string }[] }) => [c.reason, ...(c.parts ?? []).map((p) => p.reason)];

describe("the claims' reasons in two languages", () => {
  test('every sentence exists in both languages, with the same parameters', () => {
    const [en, zh] = [CLAIM_WORDS.en as Record<string, unknown>, CLAIM_WORDS['zh-TW'] as Record<string, unknown>];
    const keys = (o: Record<string, unknown>) => Object.keys(o).sort();
    assert.deepEqual(keys(zh), keys(en));
    for (const k of keys(en)) {
      assert.equal(typeof zh[k], typeof en[k], k);
      if (typeof en[k] === 'function') assert.equal((zh[k] as () => void).length, (en[k] as () => void).length, `${k}: parameters`);
      if (typeof en[k] === 'object') assert.deepEqual(keys(zh[k] as Record<string, unknown>), keys(en[k] as Record<string, unknown>), k);
    }
  });

  test('the quality gates by name: every gate a record can fail has a Chinese name', () => {
    const loaded = { experiment: 'races', unit: null, samples: {}, result: null, meta: { env: { loadavg: [9, 9, 9], cpuCount: 2 } } } as unknown as RunRecord;
    const [why] = recordQuality(loaded).reasons;
    assert.match(why!, /^loaded machine:/);
    assert.equal(gateName(why!, 'en'), 'loaded machine');
    assert.equal(gateName(why!, 'zh-TW'), '機器負載過高');
    for (const name of Object.keys(CLAIM_WORDS.en.gate)) assert.match(gateName(`${name}: x`, 'zh-TW'), /\p{Script=Han}/u, name);
  });

  test('every claim on the shipped records: the same verdict, the same numbers, said in Traditional Chinese', () => {
    const records = shipped();
    assert.ok(records.length > 40, `${records.length} records`);
    const en = evaluateClaims(records);
    const zh = evaluateClaims(records, undefined, undefined, 'zh-TW');
    // The default stays English (the CLI, --json, bundles): evaluating in Chinese changed nothing for it.
    assert.deepEqual(evaluateClaims(records).map((c) => c.reason), en.map((c) => c.reason));
    assert.ok(en.every((c) => !/\p{Script=Han}/u.test(c.reason)), 'English reasons hold no Chinese');
    const nums = (s: string) => (s.match(/\d+(?:[.,]\d+)*/g) ?? []).sort();
    // The talk's own row names (quoted in the allocator reasons), commands, ids and symbols stay as they are.
    const quoted = TALK_ALLOCATORS.rows.map((r) => r[0]!);
    const code = /npx ffi-corners[^；（）]*|[\w./-]*[_/][\w./-]*|[\w.]+(?:-[\w.]+)+|\b\w+\(\)/g;
    const english = /\b(of|in|the|and|with|on|is|are|no|not|only|than|runs?|measured|over|by|each|both|through|per|holds|differs|inconclusive|mixed|spread)\b/i;
    const simplified = /[线执这时为个们说过实验结发数设测试较机录预记忆体务决断开关计单显动态码档储缓认错误释环并从级类觉样进间问题应该处带]/u;
    const strip = (r: string) => quoted.reduce((s, q) => s.replaceAll(q, ''), r).replace(code, '');
    // The check sees an English sentence: every English reason trips it.
    const missed = en.filter((c) => !english.test(strip(c.reason))).map((c) => c.reason);
    assert.deepEqual(missed, [], 'the English check finds English');
    const bad: string[] = [];
    let checked = 0;
    zh.forEach((c, i) => {
      assert.equal(c.verdict, en[i]!.verdict, c.id);
      reasons(c).forEach((r, j) => {
        const e = reasons(en[i]!)[j]!;
        checked++;
        if (!/\p{Script=Han}/u.test(r)) bad.push(`${c.id}: no Chinese: ${r}`);
        if (simplified.test(r)) bad.push(`${c.id}: Simplified ${simplified.exec(r)![0]}: ${r}`);
        if (JSON.stringify(nums(r)) !== JSON.stringify(nums(e))) bad.push(`${c.id}: numbers differ:\n  ${r}\n  ${e}`);
        const left = strip(r);
        if (english.test(left)) bad.push(`${c.id}: English "${english.exec(left)![0]}" left: ${r}`);
      });
    });
    assert.ok(checked > 50, `${checked} reasons`);
    assert.deepEqual(bad, []);
  });
});
