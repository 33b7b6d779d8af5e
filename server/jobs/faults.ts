// Experiments that fail on purpose, for the reliability tests only: the server offers them
// when it runs with FFI_CORNERS_TEST_FAULTS=1, never otherwise.
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

export const faultsEnabled = (): boolean => process.env.FFI_CORNERS_TEST_FAULTS === '1';
