// "Benchmark ctypes, cffi, pybind11, PyO3": the talk's "Faster" tables, each pair against the
// within-process ratio of medians on the runtime the table was read from.
import { TALK_TABLES } from '../talk.ts';
import { atLeast, describeRatio, evidenceOf, fewProcesses, gilCameBack, isOutcome, needPair, once, parity, pct, runtimesEvidence, VERIFY, type Claim, type ClaimContext, type Outcome, type RuntimeFacts, type Verdict } from './core.ts';
import { co, CO_PARAMS, pairRatio, TALK_NAME_TO_OURS } from './series.ts';

const BENCH_SECTION = 'Benchmark ctypes, cffi, pybind11, PyO3';

/** The talk's table rows, verbatim (tab-separated as printed). */
export const talkRows = (id: string) => {
  const t = TALK_TABLES.find((x) => x.id === id)!;
  return t.pairs.map((p) => `${p.a} vs ${p.b}\t${p.p}\t${p.bh}\t${p.faster}`).join('\n');
};

export function ranking(ctx: ClaimContext, tableId: string, build: 'gil' | 'nogil'): Outcome {
  const m = ctx.rule.minEffect;
  const table = TALK_TABLES.find((t) => t.id === tableId)!;
  const rule = `each of the talk's six "Faster" verdicts (its names mapped to what it ran: ${Object.entries(TALK_NAME_TO_OURS).map(([k, v]) => `${k} = ${v}`).join(', ')}) against the within-process ratio of medians (return_int()), processes as the unit: a pair agrees if the ${pct(ctx.rule.confidence)} interval clears ${pct(m)} the talk's way, contradicts if it clears it the other way; holds if all six agree, differs if any contradicts, else inconclusive`;
  const p = needPair(ctx, '3.13', [build], rule);
  if (isOutcome(p)) return p;
  if (build === 'nogil') {
    const back = gilCameBack(p, rule);
    if (back) return back;
  }
  const rt = p[build]!;
  const recs = ctx.select('call-overhead', rt, { talk_cffi: true, method: 'batched' });
  if (!recs.length) return { verdict: 'not-tested', reason: `no batched call-overhead run with talk_cffi=true on ${rt.id}`, command: VERIFY, evidence: { rule } };
  const pairs = table.pairs.map((pr) => {
    const a = TALK_NAME_TO_OURS[pr.a]!;
    const b = TALK_NAME_TO_OURS[pr.b]!;
    const r = pairRatio(recs, a, b, 'return_int', ctx.rule.confidence); // median(a) / median(b)
    if (!r) return { pair: `${pr.a} vs ${pr.b}`, talk: pr.faster, ours: 'n/a', agrees: null as boolean | null, ratio: NaN, ci: null, processes: [0] };
    // "b faster" means a/b > 1 + m.
    const bFaster = atLeast(r, 1 + m) === 'holds';
    const aFaster = Number.isFinite(r.high) && r.high < 1 / (1 + m);
    const ours = bFaster ? pr.b : aFaster ? pr.a : 'unresolved';
    return { pair: `${pr.a} vs ${pr.b}`, talk: pr.faster, ours, agrees: ours === 'unresolved' ? null : ours === pr.faster, ...evidenceOf(r) };
  });
  const measured = pairs.filter((x) => x.ours !== 'n/a');
  if (measured.length < pairs.length) return { verdict: 'not-tested', reason: `missing series: ${pairs.filter((x) => x.ours === 'n/a').map((x) => x.pair).join(', ')}`, command: VERIFY, evidence: { rule, pairs } };
  const agree = pairs.filter((x) => x.agrees === true).length;
  const contra = pairs.filter((x) => x.agrees === false);
  const verdict: Verdict = contra.length ? 'differs' : agree === pairs.length ? 'holds' : 'inconclusive';
  const n = recs.length;
  return {
    verdict,
    reason: `${agree} of ${pairs.length} "Faster" verdicts repeated on ${rt.id}${contra.length ? `; contradicted: ${contra.map((x) => `${x.pair} (talk ${x.talk}, ours ${x.ours})`).join('; ')}` : ''}${n < 2 ? '; one process gives no interval' : ''}`,
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: { rule, minEffect: m, processes: n, runtimes: { [build]: rt.id }, table: table.where, pairs },
  };
}



export const BENCHMARK_CLAIMS: readonly Claim[] = [
  {
    id: 'talk-ranking-gil',
    talk: talkRows('A'),
    section: `${BENCH_SECTION} (first table; the talk does not label its runtime: read as the GIL build)`,
    confirms: 'all six "Faster" verdicts repeated with intervals',
    refutes: 'one verdict reversed beyond the minimum effect',
    needs: [co('3.13', ['gil'])],
    evaluate: (ctx) => ranking(ctx, 'A', 'gil'),
  },
  {
    id: 'talk-ranking-nogil',
    talk: talkRows('B'),
    section: `${BENCH_SECTION} (second table; read as the free-threaded build)`,
    confirms: 'all six "Faster" verdicts repeated with intervals',
    refutes: 'one verdict reversed beyond the minimum effect',
    needs: [co('3.13', ['nogil'])],
    evaluate: (ctx) => ranking(ctx, 'B', 'nogil'),
  },
];
