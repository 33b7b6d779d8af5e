// Views of the scaling experiment (calls/s against threads, GIL vs free-threaded) and of the
// environment check (a checklist with verdicts, fixes and the talk's machine).
import { t } from '../i18n/index.ts';
import { bindingColor, runtimeColor, untrack } from '../charts/core.ts';
import { BarChart } from '../charts/bars.ts';
import { LineChart } from '../charts/lines.ts';
import { registerView } from '../live/views.ts';
import type { Shown } from '../live/store.ts';
import { buildLabel, canvasBox, el, runtimeLabel, table } from './dom.ts';
import type { ScalingPoint as Point, EnvCheck as Check } from '../../protocol/results.ts';
import { freeThreadedOf } from '../../protocol/record.ts';


export function points(s: Shown | null): Point[] {
  if (!s) return [];
  const fromResult = (s.record.result as { points?: unknown[] } | null)?.points;
  const raw = Array.isArray(fromResult) ? fromResult : s.record.partials.map((p) => p.data);
  return raw.filter((x): x is Point => !!x && typeof (x as Point).binding === 'string' && typeof (x as Point).callsPerSec === 'number');
}

/** At most this many thread counts: each series is a pair of points, and 18 such lines over one
 * another say nothing; the view shows the speed-up from 1 thread to the most as bars instead. */
const FEW_THREAD_COUNTS = 2;

registerView('scaling-lines', (body) => {
  // One chart at a time, the kind the data calls for (print draws every chart on the page).
  let chart: LineChart | null = null;
  let bars: BarChart | null = null;
  const why = el('p', 'params-used');
  body.append(why);
  return {
    render(shown) {
      const counts = [...new Set(shown.flatMap((s) => points(s).map((p) => p.threads)))].sort((a, b) => a - b);
      const few = counts.length > 0 && counts.length <= FEW_THREAD_COUNTS;
      if (few && !bars) {
        if (chart) untrack(chart.chart);
        chart = null;
        bars = new BarChart(canvasBox(body), { unit: t()['c.scalingBars'], format: (v) => `${v.toFixed(2)}×` });
      } else if (!few && !chart) {
        if (bars) untrack(bars.chart);
        bars = null;
        chart = new LineChart(canvasBox(body, 'tall'), { xTitle: t()['c.threads'], yTitle: t()['c.scalingY'] });
      }
      body.append(why);
      if (few && bars) {
        const most = counts.at(-1)!;
        const bindings = [...new Set(shown.flatMap((s) => points(s).map((p) => p.binding)))];
        bars.update(
          bindings,
          shown.map((s) => {
            const pts = points(s);
            const at = (b: string, n: number) => pts.find((p) => p.binding === b && p.threads === n)?.callsPerSec;
            return {
              label: buildLabel(s?.record) || 'GIL',
              color: runtimeColor(s?.record),
              data: bindings.map((b) => {
                const one = at(b, 1);
                const top = at(b, most);
                return one && top ? top / one : null;
              }),
            };
          }),
        );
        const env = shown.find((s) => s?.record.meta?.env)?.record.meta?.env;
        why.textContent = t()['c.scalingWhy'](counts, env ? env.cpuCount : null, most);
        return;
      }
      why.textContent = '';
      chart!.update(
        shown.flatMap((s) => {
          const pts = points(s);
          const nogil = freeThreadedOf(s?.record) === true;
          return [...new Set(pts.map((p) => p.binding))].map((b) => ({
            label: `${b} ${nogil ? 'no-GIL' : 'GIL'}`,
            color: bindingColor(b),
            dashed: !nogil,
            points: pts.filter((p) => p.binding === b).sort((x, y) => x.threads - y.threads).map((p) => ({ x: p.threads, y: p.callsPerSec / 1e6 })),
          }));
        }),
      );
    },
  };
});

registerView('env-checklist', (body) => {
  return {
    render([s]) {
      const checks = (s?.record.partials ?? []).map((p) => p.data as Check).filter((c) => c && c.id);
      if (!checks.length) return body.replaceChildren(el('p', 'muted', t()['c.noEnv']));
      const icon = (v: string) => ({ ok: '✓', warn: '⚠', info: 'ℹ' })[v] ?? '?';
      body.replaceChildren(
        table(
          t()['c.envHead'],
          checks.map((c) => [{ text: icon(c.verdict), cls: `verdict-icon ${c.verdict}`, title: c.verdict }, c.name, c.value, c.talk ?? '', { text: c.verdict === 'ok' ? '' : (c.fix ?? ''), cls: 'fix' }]),
          { cls: 'compact checklist' },
        ),
      );
    },
  };
});

/** The runtimes of the shown record: GIL state after imports, as the server measured it. */
registerView('runtime-gil', (body) => {
  return {
    render(shown) {
      body.replaceChildren(
        table(
          t()['c.runtimeHead'],
          shown.map((s) => {
            const env = s?.record.meta?.env;
            return [
              runtimeLabel(s?.record),
              env ? (env.freeThreadedBuild ? 'free-threaded (--disable-gil)' : 'GIL') : '…',
              env ? { text: env.gilEnabledAfterImports ? 'on' : 'off', cls: env.freeThreadedBuild && env.gilEnabledAfterImports ? 'bad' : 'good' } : '…',
              env ? `${env.cpuModel} ×${env.cpuCount}` : '…',
              env?.kernel ?? '…',
              env?.glibc ?? '…',
            ];
          }),
          { cls: 'compact' },
        ),
      );
    },
  };
});
