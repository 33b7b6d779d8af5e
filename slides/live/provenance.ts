// The provenance badge under every chart and table: live or recorded, machine (CPU), runtime, date.
import { qualityOf } from '../../analysis/quality.ts';
import { gateName } from '../../analysis/claims/words.ts';
import { lang, t, utcTime as when } from '../i18n/index.ts';
import type { Shown, Source } from './store.ts';

export function provenance(src: Source, shown: Shown | null): HTMLElement {
  const el = document.createElement('span');
  el.className = 'badge';
  if (!shown) {
    el.classList.add('none');
    el.textContent = t()['badge.noData'](src.experiment, src.runtime);
    return el;
  }
  const r = shown.record;
  const env = r.meta?.env;
  const kind = document.createElement('b');
  kind.className = shown.origin;
  kind.textContent = shown.running ? t()['badge.running'] : shown.origin === 'live' ? t()['badge.live'] : t()['badge.recorded'];
  el.classList.add(shown.origin);
  const status = r.status !== 'ok' && r.status !== 'running' ? ` · ${r.status}${r.reason && r.reason !== r.status ? `: ${r.reason.slice(0, 60)}` : ''}` : '';
  const gil = env && src.runtime ? ` (${t()['badge.gil'](env.gilEnabledAfterImports)})` : '';
  el.append(kind, ` ${r.runtimeId ?? 'machine'}${gil} · ${env?.cpuModel ?? t()['badge.cpuUnknown']}${env ? ` ×${env.cpuCount}` : ''} · ${when(r.startedAt)}${status}`);
  el.title = t()['badge.title'](shown.origin, JSON.stringify(r.params));
  const q = !shown.running && r.status === 'ok' ? qualityOf(r) : null;
  if (q && !q.ok) {
    // A run that fails its quality gates is shown, and says why its numbers are left out of verdicts:
    // the gates by name on the badge's line, every reason with its numbers in the tooltip.
    const note = document.createElement('span');
    note.className = 'quality-note';
    const gates = [...new Set(q.reasons.map((why) => gateName(why, lang())))];
    note.textContent = t()['badge.leftOut'](gates.join(', '));
    note.title = q.reasons.join('\n');
    el.append(note);
  }
  return el;
}
