// Code on the slides comes from the repository's own files (Vite `?raw` imports), cut by function
// name or marker, never pasted: what the slide shows is what the experiments run.
import { t } from './i18n/index.ts';
import hljs from 'highlight.js/lib/core';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import ffibenchC from '../native/ffibench/ffibench.c?raw';
import capiC from '../native/capi/ffibench_capi.c?raw';
import pybind11Cpp from '../native/pybind11/ffibench_pybind11.cpp?raw';
import nanobindCpp from '../native/nanobind/ffibench_nanobind.cpp?raw';
import pyo3Rs from '../native/pyo3/src/lib.rs?raw';
import pyo3AllocRs from '../native/pyo3/src/alloc.rs?raw';
import ctypesPydllPy from '../native/python/ffibench/ctypes_pydll.py?raw';
import ctypesCdllPy from '../native/python/ffibench/ctypes_cdll.py?raw';
import cffiAbiPy from '../native/python/ffibench/cffi_abi.py?raw';
import racesPy from '../demos/races.py?raw';
import blockingPy from '../demos/pydll_blocking.py?raw';
import cdllVsPydllPy from '../demos/cdll_vs_pydll.py?raw';
import callOverheadPy from '../demos/call_overhead.py?raw';

hljs.registerLanguage('c', c);
hljs.registerLanguage('cpp', cpp);
hljs.registerLanguage('python', python);
hljs.registerLanguage('rust', rust);

export const SOURCES = {
  'native/ffibench/ffibench.c': ffibenchC,
  'native/capi/ffibench_capi.c': capiC,
  'native/pybind11/ffibench_pybind11.cpp': pybind11Cpp,
  'native/nanobind/ffibench_nanobind.cpp': nanobindCpp,
  'native/pyo3/src/lib.rs': pyo3Rs,
  'native/pyo3/src/alloc.rs': pyo3AllocRs,
  'native/python/ffibench/ctypes_pydll.py': ctypesPydllPy,
  'native/python/ffibench/ctypes_cdll.py': ctypesCdllPy,
  'native/python/ffibench/cffi_abi.py': cffiAbiPy,
  'demos/races.py': racesPy,
  'demos/pydll_blocking.py': blockingPy,
  'demos/cdll_vs_pydll.py': cdllVsPydllPy,
  'demos/call_overhead.py': callOverheadPy,
} as const satisfies Record<string, string>;
export type SourcePath = keyof typeof SOURCES;

/** highlight.js's language of a file, by its extension. */
const LANG: Record<string, string> = { c: 'c', cpp: 'cpp', rs: 'rust', py: 'python' };
const source = (path: SourcePath) => ({ text: SOURCES[path] as string, lang: LANG[path.split('.').pop()!]! });

/** How to cut a piece out of a file. */
export type Pick =
  /** A C/C++/Rust function (with its attributes) or a Python def/class, by name. */
  | { fn: string }
  /** From the first line matching `from` through its brace- or indentation-delimited block. */
  | { block: RegExp }
  /** From the first line matching `from` to the first later line matching `to` (inclusive). */
  | { from: RegExp; to: RegExp }
  /** Every line matching. */
  | { lines: RegExp };

export interface Cut {
  code: string;
  /** 1-based first and last line in the file. */
  first: number;
  last: number;
}

function braceEnd(lines: string[], start: number): number {
  let depth = 0;
  let opened = false;
  for (let i = start; i < lines.length; i++) {
    for (const ch of lines[i]!.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)'|\/\/.*$/g, '')) {
      if (ch === '{') {
        depth++;
        opened = true;
      } else if (ch === '}') depth--;
    }
    if (opened && depth <= 0) return i;
    if (!opened && /;\s*$/.test(lines[i]!)) return i;
  }
  return lines.length - 1;
}

function indentEnd(lines: string[], start: number): number {
  const indent = (s: string) => s.length - s.trimStart().length;
  const base = indent(lines[start]!);
  let end = start;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l.trim()) continue;
    if (indent(l) <= base && !/^\s*[)\]}]/.test(l)) break;
    end = i;
  }
  return end;
}

/** Cuts `pick` out of `path`; throws (at build time, in the deck's first render) when it is gone. */
export function cut(path: SourcePath, pick: Pick): Cut {
  const { text, lang } = source(path);
  const lines = text.split('\n');
  const find = (re: RegExp) => {
    const i = lines.findIndex((l) => re.test(l));
    if (i < 0) throw new Error(`${path}: nothing matches ${re}`);
    return i;
  };
  let first: number;
  let last: number;
  if ('lines' in pick) {
    const picked = lines.map((l, i) => [l, i] as const).filter(([l]) => pick.lines.test(l));
    if (!picked.length) throw new Error(`${path}: nothing matches ${pick.lines}`);
    return { code: dedent(picked.map(([l]) => l)).join('\n'), first: picked[0]![1] + 1, last: picked.at(-1)![1] + 1 };
  }
  if ('from' in pick) {
    first = find(pick.from);
    const rel = lines.slice(first + 1).findIndex((l) => pick.to.test(l));
    last = rel < 0 ? lines.length - 1 : first + 1 + rel;
  } else {
    const re =
      'fn' in pick
        ? lang === 'python'
          ? new RegExp(`^\\s*(def|class) ${pick.fn}\\b`)
          : lang === 'rust'
            ? new RegExp(`^\\s*(pub )?fn ${pick.fn}\\b`)
            : new RegExp(`^[A-Za-z_][\\w\\s\\*]*\\b${pick.fn}\\s*\\((?!.*\\)\\s*;\\s*$)`)
        : pick.block;
    first = find(re);
    last = lang === 'python' ? indentEnd(lines, first) : braceEnd(lines, first);
    // Attributes and decorators directly above belong to it.
    while (first > 0 && /^\s*(#\[|@)/.test(lines[first - 1]!)) first--;
  }
  return { code: dedent(lines.slice(first, last + 1)).join('\n'), first: first + 1, last: last + 1 };
}

/** Removes the indentation common to every non-blank line (a nested function shown on its own). */
function dedent(lines: string[]): string[] {
  const widths = lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length);
  const cut = widths.length ? Math.min(...widths) : 0;
  return lines.map((l) => l.slice(Math.min(cut, l.length - l.trimStart().length)));
}

/** A highlighted code block with its file and line range as caption. */
export function codeBlock(path: SourcePath, ...picks: Pick[]): string {
  const { lang } = source(path);
  let cuts: Cut[];
  try {
    cuts = picks.map((p) => cut(path, p));
  } catch (err) {
    // The source changed under the slide: say so on the slide instead of breaking the deck.
    console.error(err);
    return `<figure class="code missing"><pre>${(err as Error).message.replace(/</g, '&lt;')}</pre><figcaption data-fine-print>${path}</figcaption></figure>`;
  }
  const code = cuts.map((c) => c.code).join('\n\n');
  const html = hljs.highlight(code, { language: lang }).value;
  const ranges = cuts.map((c) => (c.first === c.last ? `${c.first}` : `${c.first}–${c.last}`)).join(', ');
  return `<figure class="code"><pre><code class="hljs language-${lang}">${html}</code></pre><figcaption data-fine-print>${t()['code.lines'](path, ranges)}</figcaption></figure>`;
}
