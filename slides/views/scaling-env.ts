// Views of the scaling experiment (calls/s against threads, GIL vs free-threaded) and of the
// environment check (a checklist with verdicts, fixes and the talk's machine).
import { bindingColor } from '../charts/core.ts';
import { LineChart } from '../charts/lines.ts';
import { registerView } from '../live/views.ts';
import type { Shown } from '../live/store.ts';
import { canvasBox, el, runtimeLabel, table } from './dom.ts';
import type { ScalingPoint as Point, EnvCheck as Check } from '../../protocol/results.ts';
import { freeThreadedOf } from '../../protocol/record.ts';


export function points(s: Shown | null): Point[] {
  if (!s) return [];
  const fromResult = (s.record.result as { points?: unknown[] } | null)?.points;
  const raw = Array.isArray(fromResult) ? fromResult : s.record.partials.map((p) => p.data);
  return raw.filter((x): x is Point => !!x && typeof (x as Point).binding === 'string' && typeof (x as Point).callsPerSec === 'number');
}

registerView('scaling-lines', (body) => {
  const chart = new LineChart(canvasBox(body, 'tall'), { xTitle: 'threads', yTitle: 'million return_int() calls/s (all threads)' });
  return {
    render(shown) {
      chart.update(
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
      if (!checks.length) return body.replaceChildren(el('p', 'muted', 'no environment check yet'));
      const icon = (v: string) => ({ ok: '✓', warn: '⚠', info: 'ℹ' })[v] ?? '?';
      body.replaceChildren(
        table(
          ['', 'Check', 'This machine', "Talk's machine", 'Fix'],
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
          ['Runtime', 'Build', 'GIL after importing every binding', 'CPU', 'Kernel', 'glibc'],
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
