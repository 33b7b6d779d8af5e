// Text formatter for env-check: one row per check with its verdict, then the fixes to apply.
import type { RunRecord } from '../../protocol/record.ts';
import { registerFormatter, table } from './format.ts';
import type { EnvCheck as Check } from '../../protocol/results.ts';


export function formatEnvCheck(r: RunRecord): string {
  const checks = r.partials.map((p) => p.data as Check);
  const out = [
    table(
      ['Check', 'Found', 'Verdict', "Talk's machine"],
      checks.map((c) => [c.name, c.value, c.verdict.toUpperCase(), c.talk ?? '']),
    ),
  ];
  const todo = checks.filter((c) => c.verdict !== 'ok' && c.fix);
  if (todo.length) out.push('', 'Fixes', ...todo.map((c) => `- ${c.name}: ${c.fix}`));
  const n = (v: string) => checks.filter((c) => c.verdict === v).length;
  out.push('', `${n('ok')} ok, ${n('warn')} warn, ${n('info')} info`);
  return out.join('\n');
}

registerFormatter('env-check', formatEnvCheck);
