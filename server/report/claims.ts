// Text for the claims of the talk: a table of verdicts with the number behind each, for
// `ffi-corners verify` and under the report of `ffi-corners run` (the claims its records bear on).
import { DEFAULT_RULE, evaluateClaims, type ClaimResult } from '../../analysis/claims.ts';
import { ratioCI } from '../../analysis/format.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { table } from './format.ts';

/** "1.32× [1.20, 1.45]" or the evidence's own number. */
export function evidenceNumber(c: ClaimResult): string {
  const e = c.evidence;
  if (typeof e.ratio === 'number') {
    const ci = Array.isArray(e.ci) ? e.ci : null;
    const n = Array.isArray(e.processes) ? ` (${e.processes.join('+')})` : typeof e.processes === 'number' ? ` (${e.processes})` : '';
    const range = Array.isArray(e['range']) ? ` range ${(e['range'] as number[]).map((x) => x.toFixed(3)).join('–')}` : '';
    return `${ratioCI(e.ratio, ci?.[0] ?? NaN, ci?.[1] ?? NaN)}${range}${n}`;
  }
  return '';
}

function cut(s: string, n: number): string {
  const line = s.split('\n')[0]!.replace(/\t/g, ' ');
  return line.length > n ? `${line.slice(0, n - 1)}…` : line;
}

export function formatClaims(results: ClaimResult[]): string {
  const rows = results.map((c) => [c.id, c.verdict, evidenceNumber(c), cut(c.talk, 64)]);
  const [head, rule, ...lines] = table(['CLAIM', 'VERDICT', 'NUMBER [95% CI] (processes)', "THE TALK'S WORDS"], rows, { right: () => false }).split('\n');
  // Each claim's row, then its reason (or its parts, one line each) under it.
  const out = [head!, rule!];
  results.forEach((c, i) => {
    out.push(lines[i]!);
    if (c.parts?.length) {
      // One line per part, so a mixed verdict shows which way each part went.
      for (const p of c.parts) out.push(`    ${p.counted ? '·' : '(not counted)'} ${p.verdict.padEnd(12)} ${p.reason}`);
      // The reason without the parts' own lines where it starts with them (in order).
      const rest = c.parts.reduce((r, p) => (r.startsWith(p.reason) ? r.slice(p.reason.length).replace(/^[;；]\s*/, '') : r), c.reason);
      if (rest.trim()) out.push(`    ${rest.trim()}`);
      if (c.command) out.push(`    → ${c.command}`);
    } else out.push(`    ${c.reason}${c.command ? `  → ${c.command}` : ''}`);
  });
  // Every run the quality check left out, once (each claim's reason says how many of its runs).
  const left = new Map(results.flatMap((c) => c.excluded ?? []).map((x) => [`${x.experiment} ${x.runtimeId} ${x.startedAt}`, x]));
  if (left.size) {
    out.push('', 'Left out by the quality check:');
    for (const x of left.values()) out.push(`  ${x.experiment} on ${x.runtimeId ?? '?'} (${x.startedAt}): ${x.reasons.join('; ')}`);
  }
  out.push('', `Rule: an interval (Student t over processes, ${DEFAULT_RULE.confidence * 100}%) must clear a ${DEFAULT_RULE.minEffect * 100}% minimum effect; else inconclusive. A claim with parts is mixed when its parts disagree. Runs a quality check flags are left out. Each claim's rule is in --json.`);
  return out.join('\n');
}

/** The claims these runs bear on (those not `not-tested`), or '' when none. */
export function formatRunClaims(records: RunRecord[]): string {
  const judged = evaluateClaims(records).filter((c) => c.verdict !== 'not-tested');
  return judged.length ? `== The talk's claims on these runs (one run per runtime: \`npx ffi-corners verify\` runs several)\n${formatClaims(judged)}\n` : '';
}
