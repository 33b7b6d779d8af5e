// The environment check runs without a runtime and returns every check with a verdict and, where
// something is off, a fix.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DriverEvent } from '../../protocol/events.ts';
import { cli } from '../helpers.ts';

const checkEvent = TypeCompiler.Compile(DriverEvent);
const RESULTS = mkdtempSync(join(tmpdir(), 'ffi-corners-env-'));

interface Check { id: string; name: string; value: string; verdict: string; fix: string | null; talk: string | null }

const EXPECTED = [
  'isolcpus', 'nohz_full', 'rcu_nocbs', 'governor', 'frequency', 'turbo', 'smt', 'aslr', 'thp', 'hugepages',
  'load', 'cpu', 'virtualization', 'numactl', 'taskset', 'perf', 'valgrind',
];

test('env-check: every check with a verdict, a fix where needed', () => {
  const res = cli(['run', 'env-check', '--json'], { FFI_CORNERS_RESULTS: RESULTS });
  assert.equal(res.code, 0, res.stderr);
  const events = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as DriverEvent);
  for (const e of events) assert.ok(checkEvent.Check(e), `invalid event ${JSON.stringify(e).slice(0, 200)}`);
  assert.equal(events[0]!.type, 'meta');
  const result = (events.at(-1) as Extract<DriverEvent, { type: 'result' }>).data as { checks: Check[]; counts: Record<string, number> };
  assert.deepEqual(result.checks.map((c) => c.id).sort(), [...EXPECTED].sort());
  for (const c of result.checks) {
    assert.ok(['ok', 'warn', 'info'].includes(c.verdict), `${c.id}: verdict ${c.verdict}`);
    assert.ok(c.value.length > 0, `${c.id}: empty value`);
    if (c.verdict === 'warn') assert.ok(c.fix && !c.fix.includes('\n'), `${c.id}: a warning needs a one-line fix`);
  }
  assert.equal(events.filter((e) => e.type === 'partial').length, result.checks.length, 'a partial per check');
  assert.equal(result.counts.ok! + result.counts.warn! + result.counts.info!, result.checks.length);
  // Facts this machine can be checked against directly.
  const aslr = result.checks.find((c) => c.id === 'aslr')!;
  const load = result.checks.find((c) => c.id === 'load')!;
  assert.match(load.value, /on \d+ CPUs/);
  assert.ok(['ok', 'warn'].includes(aslr.verdict));
  // perf's instruction counter needs a PMU the kernel can see; where it is not ok, the check says why.
  const perf = result.checks.find((c) => c.id === 'perf')!;
  if (!existsSync('/sys/bus/event_source/devices/cpu') && !existsSync('/sys/bus/event_source/devices/cpu_core')) assert.notEqual(perf.verdict, 'ok', perf.value);
  if (perf.verdict !== 'ok') assert.match(perf.value, /PMU|paranoid|not installed|not supported|failed/, perf.value);
  else assert.match(perf.value, /counts instructions/);
});

test('env-check text report: a table with verdicts and the fixes', () => {
  const res = cli(['run', 'env-check'], { FFI_CORNERS_RESULTS: RESULTS });
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /Check\s+Found\s+Verdict/);
  assert.match(res.stdout, /\d+ ok, \d+ warn, \d+ info/);
});
