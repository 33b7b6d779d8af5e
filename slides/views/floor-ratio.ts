// A ranking against the floor binding as bars: one bar group per shown runtime, each binding's ratio to
// the floor (with its interval where the view has one). The bindings are the first run's, in its order,
// then any the other runs add. Used by co-ranking (time) and instr-ranking (instructions).
import type { RunRecord } from '../../protocol/record.ts';
import { BarChart } from '../charts/bars.ts';
import { runtimeColor } from '../charts/core.ts';
import type { Shown } from '../live/store.ts';
import { canvasBox, runtimeLabel } from './dom.ts';

/** One binding's bar: its ratio to the floor, and the interval around it where there is one. */
export interface FloorRatio {
  binding: string;
  ratio: number | null;
  ci?: [number, number] | null;
}

/** The chart in `body`; `ratios` reads a run's bars (null: nothing to show for that run). */
export function floorRatioBars(body: HTMLElement, unit: string, ratios: (record: RunRecord) => FloorRatio[] | null) {
  const chart = new BarChart(canvasBox(body, 'tall'), { unit, horizontal: true, format: (v) => `${v.toFixed(2)}×` });
  return {
    render(shown: (Shown | null)[]) {
      const runs = shown.map((s) => (s ? ratios(s.record) : null));
      if (!runs.some((r) => r)) return chart.update([], []);
      const bindings: string[] = [];
      for (const run of runs) for (const r of run ?? []) if (!bindings.includes(r.binding)) bindings.push(r.binding);
      chart.update(
        bindings,
        shown.map((s, i) => {
          const at = (b: string) => runs[i]?.find((r) => r.binding === b);
          return {
            label: runtimeLabel(s?.record),
            color: runtimeColor(s?.record),
            data: bindings.map((b) => at(b)?.ratio ?? null),
            ci: bindings.map((b) => at(b)?.ci ?? null),
          };
        }),
      );
    },
  };
}
