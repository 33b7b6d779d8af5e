// The provenance badge under every chart and table: live or recorded, machine (CPU), runtime, date.
import { utcMinute as when } from '../../analysis/format.ts';
import { qualityOf } from '../../analysis/quality.ts';
import type { Shown, Source } from './store.ts';

export function provenance(src: Source, shown: Shown | null): HTMLElement {
  const el = document.createElement('span');
  el.className = 'badge';
  if (!shown) {
    el.classList.add('none');
    el.textContent = `no data for ${src.experiment} on ${src.runtime ?? 'this machine'} yet`;
    return el;
  }
  const r = shown.record;
  const env = r.meta?.env;
  const kind = document.createElement('b');
  kind.className = shown.origin;
  kind.textContent = shown.running ? 'LIVE · running' : shown.origin === 'live' ? 'LIVE' : 'RECORDED';
  el.classList.add(shown.origin);
  const status = r.status !== 'ok' && r.status !== 'running' ? ` · ${r.status}${r.reason && r.reason !== r.status ? `: ${r.reason.slice(0, 60)}` : ''}` : '';
  const gil = env && src.runtime ? ` (GIL ${env.gilEnabledAfterImports ? 'on' : 'off'})` : '';
  el.append(kind, ` ${r.runtimeId ?? 'machine'}${gil} · ${env?.cpuModel ?? 'CPU unknown'}${env ? ` ×${env.cpuCount}` : ''} · ${when(r.startedAt)}${status}`);
  el.title = `${shown.origin} result; parameters ${JSON.stringify(r.params)}`;
  const q = !shown.running && r.status === 'ok' ? qualityOf(r) : null;
  if (q && !q.ok) {
    // A run that fails its quality gates is shown, and says why its numbers are left out of verdicts:
    // the gates by name on the badge's line, every reason with its numbers in the tooltip.
    const note = document.createElement('span');
    note.className = 'quality-note';
    const gates = [...new Set(q.reasons.map((why) => why.split(':')[0]!))];
    note.textContent = ` · left out of verdicts: ${gates.join(', ')}`;
    note.title = q.reasons.join('\n');
    el.append(note);
  }
  return el;
}
