// Text formatter for races: the talk's "Counter Increment Comparison" and "Race Condition
// Comparison" tables (last repeat, as the talk ran it once), then the totals over every repeat,
// with the parameters used.
import type { RunRecord } from '../../protocol/record.ts';
import { registerFormatter, table } from './format.ts';
import type { RaceCounterRow as CounterRow, RaceBankRow as BankRow, RacePiece as Piece, RaceCounterTotals as CounterTotals, RaceBankTotals as BankTotals, RaceResult as Result } from '../../protocol/results.ts';


const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const COUNTER_LABEL: Record<string, string> = { unsafe: 'UNSAFE', mutex: 'SAFE (mutex)', atomic: 'ATOMIC' };
const BANK_LABEL: Record<string, string> = { unsafe: 'UNSAFE', safe: 'SAFE' };

export function formatRaces(r: RunRecord): string {
  const p = r.params;
  const res = r.result as Result | null;
  const pieces = r.partials.map((x) => x.data as Piece);
  const gil = r.meta ? (r.meta.env.gilEnabledAfterImports ? 'on' : 'off') : '?';
  const loader = String(p.loader) === 'cdll' ? 'CDLL (GIL released during the call)' : 'PyDLL (GIL held during the call)';
  const out = [
    `Loader: ${loader}; GIL ${gil}`,
    `Counter: ${p.threads} threads x ${int(Number(p.iterations))} iterations (expected ${int(Number(p.threads) * Number(p.iterations))}), released by a barrier; ${p.repeats} repeats`,
    `Bank: balance $${p.bank_balance}, ${p.bank_threads} threads x ${p.bank_attempts} attempts of $${p.bank_amount}, check-to-update window ${int(Number(p.bank_window))} spins`,
  ];
  const last = pieces.at(-1);
  if (last) {
    out.push(
      '',
      `1. Counter Increment Comparison (repeat ${last.repeat})`,
      table(
        ['Method', 'Final Value', 'Expected', 'Lost Increments', 'Accuracy', 'Status', 'Time (s)'],
        Object.entries(last.counter).map(([m, c]) => [COUNTER_LABEL[m] ?? m, int(c.final), int(c.expected), int(c.lost), pct(c.accuracy), c.lost ? 'x RACE' : 'OK', c.seconds.toFixed(3)]),
      ),
      '',
      `2. Race Condition Comparison (repeat ${last.repeat})`,
      table(
        ['Method', 'Successful Withdrawals', 'Total Withdrawn', 'Final Balance', 'Balance + Withdrawn', 'Consistency', 'Time (s)'],
        Object.entries(last.bank).map(([m, b]) => [BANK_LABEL[m] ?? m, b.successful, `$${b.withdrawn}`, `$${b.final_balance}`, `$${b.balance_plus_withdrawn}`, b.consistent ? 'OK' : 'x BROKEN', b.seconds.toFixed(3)]),
      ),
    );
  }
  if (res) {
    out.push(
      '',
      `Counter over ${pieces.length} repeats`,
      table(
        ['Method', 'Repeats with race', 'Max lost', 'Mean lost', 'Mean accuracy', 'Min accuracy', 'Median s'],
        Object.entries(res.counter).map(([m, c]) => [COUNTER_LABEL[m] ?? m, `${c.repeats_with_race} / ${c.repeats}`, int(c.max_lost), int(c.mean_lost), pct(c.mean_accuracy), pct(c.min_accuracy), c.median_seconds.toFixed(3)]),
      ),
      '',
      `Bank over ${pieces.length} repeats`,
      table(
        ['Method', 'Inconsistent', 'Mean withdrawals', 'Max withdrawals', 'Max withdrawn', 'Max overdrawn', 'Median s'],
        Object.entries(res.bank).map(([m, b]) => [BANK_LABEL[m] ?? m, `${b.repeats_inconsistent} / ${b.repeats}`, b.mean_successful.toFixed(1), b.max_successful, `$${b.max_withdrawn}`, `$${b.max_overdrawn}`, b.median_seconds.toFixed(3)]),
      ),
    );
    const u = res.counter.unsafe;
    if (u) {
      out.push(
        '',
        u.repeats_with_race
          ? `RACE CONDITION: the unsafe counter lost increments in ${u.repeats_with_race} of ${u.repeats} repeats (up to ${int(u.max_lost)}).`
          : `No lost increments in ${u.repeats} repeats${res.gil_enabled && res.loader === 'pydll' ? ': PyDLL + GIL serialises the calls' : ''}.`,
      );
    }
  }
  out.push("Talk (PyDLL, 50 threads x 10,000): GIL 0 / 5 races; 3.13.5 no-GIL 5 / 5, accuracy 63.7%; bank no-GIL: 300 withdrawals, $14,300 off");
  return out.join('\n');
}

registerFormatter('races', formatRaces);
