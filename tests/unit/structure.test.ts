// The size bars of the code base: no TypeScript or Python source file of the project over 600 lines, no
// function over 80. TypeScript is read with the compiler's own parser (every function-like node: declarations,
// expressions, arrows, methods, accessors, constructors); Python with `ast` in one of the project's
// interpreters. A function's lines run from its first token to its last, nested functions included. A
// callback handed to `describe` is a test file's grouping scope (it only declares tests, hooks and their
// shared state), so it is not measured as one function; the tests, hooks and helpers inside it are.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { projectRoot } from '../../server/paths.ts';
import { linkedBuilds } from '../../server/runtimes/build.ts';

const MAX_FILE_LINES = 600;
const MAX_FUNCTION_LINES = 80;

interface Span { file: string; name: string; line: number; lines: number }

/** The project's own source files (what git tracks or would track: never node_modules, builds or caches). */
function sources(ext: RegExp): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: projectRoot, encoding: 'utf8' });
  return out.split('\0').filter((f) => ext.test(f) && existsSync(join(projectRoot, f))).sort();
}

const lineCount = (text: string): number => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

function functionName(node: ts.Node, sf: ts.SourceFile): string {
  const named = (node as ts.FunctionLikeDeclaration).name;
  if (named) return named.getText(sf);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(sf);
  if (ts.isCallExpression(parent)) return `callback of ${parent.expression.getText(sf).slice(0, 40)}(…)`;
  return '(anonymous)';
}

const isDescribeScope = (node: ts.Node): boolean =>
  ts.isCallExpression(node.parent) && ts.isIdentifier(node.parent.expression) && /^(describe|suite)$/.test(node.parent.expression.text);

function typescriptFunctions(file: string): Span[] {
  const text = readFileSync(join(projectRoot, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const spans: Span[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body && !isDescribeScope(node)) {
      const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      spans.push({ file, name: functionName(node, sf), line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return spans;
}

/** A Python 3.8+ for `ast` (end_lineno): a runtime this clone built, else the python3 on PATH. */
function python(): string {
  const built = linkedBuilds().map((b) => join(b.prefix, 'bin', 'python3')).find(existsSync);
  return built ?? 'python3';
}

const PY_FUNCTIONS = `
import ast, json, sys
out = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            out.append({"file": path, "name": getattr(node, "name", "<lambda>"), "line": node.lineno,
                        "lines": node.end_lineno - node.lineno + 1})
print(json.dumps(out))
`;

function pythonFunctions(files: string[]): Span[] {
  const out = execFileSync(python(), ['-c', PY_FUNCTIONS, ...files], { cwd: projectRoot, encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out) as Span[];
}

const describe = (s: Span): string => `${s.file}:${s.line} ${s.name} (${s.lines} lines)`;

const tsFiles = sources(/\.(c|m)?tsx?$/);
const pyFiles = sources(/\.py$/);

test('the project has TypeScript and Python sources to measure', () => {
  assert.ok(tsFiles.includes('server/cli.ts') || tsFiles.some((f) => f.startsWith('server/')), 'server sources found');
  assert.ok(pyFiles.some((f) => f.startsWith('demos/')), 'demos found');
});

test(`no TypeScript or Python source file is over ${MAX_FILE_LINES} lines`, () => {
  const long = [...tsFiles, ...pyFiles]
    .map((file) => ({ file, lines: lineCount(readFileSync(join(projectRoot, file), 'utf8')) }))
    .filter((f) => f.lines > MAX_FILE_LINES)
    .map((f) => `${f.file} (${f.lines} lines)`);
  assert.deepEqual(long, []);
});

test(`no TypeScript function is over ${MAX_FUNCTION_LINES} lines`, () => {
  const spans = tsFiles.flatMap(typescriptFunctions);
  assert.ok(spans.length > 500, `measured ${spans.length} functions`);
  assert.deepEqual(spans.filter((s) => s.lines > MAX_FUNCTION_LINES).map(describe), []);
});

test(`no Python function is over ${MAX_FUNCTION_LINES} lines`, () => {
  const spans = pythonFunctions(pyFiles);
  assert.ok(spans.length > 50, `measured ${spans.length} functions`);
  assert.deepEqual(spans.filter((s) => s.lines > MAX_FUNCTION_LINES).map(describe), []);
});
