// The violin chart's value axis on a busy machine: it ends above every distribution's body, not at
// its slowest outliers (analysis/stats.ts robustAxisMax; the chart says how many lie beyond).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { robustAxisMax, seededRandom } from '../../analysis/stats.ts';

const random = seededRandom(7);
/** n calls around `center` ns (±10%), and `slow` of them at 2,000–3,800 ns (a busy machine). */
const calls = (n: number, center: number, slow = 0) =>
  Array.from({ length: n }, (_, i) => (i < slow ? 2000 + 1800 * random() : center * (0.9 + 0.2 * random())));

test('a few percent of slow calls do not stretch the axis to them', () => {
  const series = [calls(200, 60, 8), calls(200, 80, 6), calls(200, 300, 10), calls(20, 70, 2)];
  const top = robustAxisMax(series)!;
  assert.ok(top >= 300 * 1.05 && top < 500, `axis top ${top}: the slowest body (~300 ns) shown, the 2,000–3,800 ns calls not`);
  const beyond = series.flat().filter((v) => v > top).length;
  assert.equal(beyond, 26, 'exactly the slow calls lie beyond (the chart says how many)');
});

test('without outliers the axis reaches every value; an empty series is skipped; none: null', () => {
  const series = [calls(100, 50), [], calls(100, 120)];
  assert.equal(robustAxisMax(series), Math.max(...series.flat()));
  assert.equal(robustAxisMax([[], []]), null);
  assert.equal(robustAxisMax([[5, 5, 5, 5, 400]]), 5, 'IQR 0: the far fence is the quartile itself');
});
