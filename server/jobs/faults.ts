// Experiments that fail on purpose or never end, for the reliability tests only: the server offers
// them when it runs with FFI_CORNERS_TEST_FAULTS=1, never otherwise.
import { Type } from '@sinclair/typebox';
import type { ExperimentSpec } from '../../protocol/experiments.ts';

export const FAULT_EXPERIMENT: ExperimentSpec = {
  id: 'fault',
  title: 'Deliberate driver faults (tests only)',
  driver: '../tests/fixtures/drivers/fault.py',
  needsRuntime: true,
  timeoutS: 3,
  // garbage ends with {"survived": true}; bad-result sends medians whose values are not numbers.
  result: Type.Object({ survived: Type.Optional(Type.Boolean()), medians: Type.Optional(Type.Record(Type.String(), Type.Number())) }),
  params: {
    mode: {
      kind: 'choice',
      default: 'segfault',
      choices: ['segfault', 'hang', 'flood', 'garbage', 'exit', 'bad-result'],
      description: 'how the driver fails',
    },
  },
};

/** A run that only ends when it is cancelled (or after an hour): holds a job open for as long as a test needs. */
export const ENDLESS_EXPERIMENT: ExperimentSpec = {
  id: 'endless',
  title: 'A run that ends only when cancelled (tests only)',
  driver: '../tests/fixtures/drivers/endless.py',
  needsRuntime: true,
  timeoutS: 3600,
  // It is cancelled before it could print one; a result, if ever, carries nothing.
  result: Type.Object({}),
  params: {
    interval_ms: { kind: 'integer', default: 100, min: 10, max: 10000, unit: 'ms', description: 'time between two samples' },
  },
};

export const TEST_EXPERIMENTS: readonly ExperimentSpec[] = [FAULT_EXPERIMENT, ENDLESS_EXPERIMENT];

export const faultsEnabled = (): boolean => process.env.FFI_CORNERS_TEST_FAULTS === '1';
