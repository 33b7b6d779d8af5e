import { readFileSync, readdirSync } from 'node:fs';
import { evaluateClaims } from './analysis/claims.ts';
const force = process.argv[2] === 'force';
const recs = readdirSync('assets/results').filter((f) => f.includes('--') && !f.startsWith('env-check')).map((f) => { const r = JSON.parse(readFileSync('assets/results/' + f, 'utf8')); if (force) r.quality = { ok: true, reasons: [] }; return r; });
for (const c of evaluateClaims(recs, undefined, process.argv.slice(3).length ? process.argv.slice(3) : undefined)) console.log(c.id, c.verdict, '::', c.reason, c.parts ? JSON.stringify(c.parts.map(p=>[p.id,p.verdict])) : '');
