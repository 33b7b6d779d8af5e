// analysis/instructions.ts on the recorded runs the deck ships (assets/results/instructions--*.json,
// real valgrind counts): the result rebuilt from the streamed partials is the driver's own, shares
// of the layers add up to one, rankings are ordered, growth is free-threaded minus GIL.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  INSTRUCTION_LAYERS,
  instructionRanking,
  instructionsOf,
  layerGrowth,
  layerShare,
  pathSymbols,
  rankBy,
  type InstructionsInput,
} from '../../analysis/instructions.ts';
import { InstructionsResult } from '../../protocol/results.ts';
import { projectRoot } from '../../server/paths.ts';

const load = (rt: string) => JSON.parse(readFileSync(join(projectRoot, 'assets', 'results', `instructions--${rt}.json`), 'utf8')) as InstructionsInput;
const gilRecord = load('3.13.5-gil');
const ftRecord = load('3.13.5-nogil');
const gil = instructionsOf(gilRecord)!;
const ft = instructionsOf(ftRecord)!;

test('the recorded results match the schema', () => {
  const check = TypeCompiler.Compile(InstructionsResult);
  for (const r of [gil, ft]) assert.ok(check.Check(r), `${check.Errors(r).First()?.path}: ${check.Errors(r).First()?.message}`);
});

test('a result rebuilt from the partials alone (a run that stopped early) has the same counts', () => {
  for (const record of [gilRecord, ftRecord]) {
    const full = instructionsOf(record)!;
    const fromPartials = instructionsOf({ ...record, result: null })!;
    assert.deepEqual(fromPartials.perCall, full.perCall);
    assert.deepEqual(fromPartials.layers, full.layers);
    assert.deepEqual(fromPartials.paths, full.paths);
    assert.deepEqual(fromPartials.cpuSeconds, full.cpuSeconds);
  }
  assert.equal(instructionsOf({ partials: [], result: null }), null);
});

test('layer shares add up to one; a ctypes call has a libffi share, capi none', () => {
  for (const r of [gil, ft]) {
    for (const key of Object.keys(r.perCall)) {
      const sum = INSTRUCTION_LAYERS.reduce((s, l) => s + (layerShare(r, key, l) ?? NaN), 0);
      assert.ok(Math.abs(sum - 1) < 1e-9, `${key}: ${sum}`);
    }
    assert.ok(layerShare(r, 'ctypes-cdll/return_int', 'libffi')! > 0);
    assert.equal(layerShare(r, 'capi/return_int', 'libffi'), 0);
    assert.equal(layerShare(r, 'no-such/return_int', 'libffi'), null);
  }
});

test('rankings: fewest instructions first, ranks 1..n, rankBy agrees with instructionRanking', () => {
  for (const r of [gil, ft]) {
    const rows = instructionRanking(r);
    assert.deepEqual(rows.map((x) => x.rank), rows.map((_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1]!.perCall <= rows[i]!.perCall);
    assert.deepEqual(rankBy(r.perCall), rows.map((x) => x.binding));
    assert.deepEqual(instructionRanking(r, 'no_such_function'), []);
  }
});

test('layerGrowth is free-threaded minus GIL, layer by layer; pathSymbols finds vectorcall under PyO3', () => {
  const g = layerGrowth(gil, ft, 'ctypes-cdll/return_int')!;
  for (const l of INSTRUCTION_LAYERS) assert.equal(g[l], (ft.layers!['ctypes-cdll/return_int']![l] ?? 0) - (gil.layers!['ctypes-cdll/return_int']![l] ?? 0));
  assert.equal(layerGrowth(gil, ft, 'no-such/return_int'), null);
  assert.ok(pathSymbols(gil, 'pyo3/return_int', /vectorcall/i).length > 0);
  assert.deepEqual(pathSymbols(gil, 'capi/return_int', /^ffi_/), []);
});
