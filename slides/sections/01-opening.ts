// Opening: title and the talk's outline.
import { t } from '../i18n/index.ts';
import { notes } from './kit.ts';

export default (): string => /* html */ `
<section class="title-slide">
  <h1 lang="zh-Hant">Python FFI 的陰暗角落</h1>
  <h2>The Dark Corners of Python FFI</h2>
  <p class="subtitle">PyCon TW 2025 · scc@scc.tw</p>
  <p class="muted edition">${t()['title.edition']}</p>
  <p class="keys muted">${t()['title.keys']}</p>
  ${notes(t()['n.title'])}
</section>
<section>
  <h2>Outline</h2>
  <ul class="big">
    <li>What is Python FFI</li>
    <li>The Hidden Corner
      <ul>
        <li>Benchmark ctypes, cffi, pybind11, PyO3</li>
        <li>Why Free-Threaded Makes Them Slower?</li>
        <li>Why PyO3 fast, but ctypes slow?</li>
        <li>Racing FFI after No-GIL</li>
        <li>Higher Risk for Arena Leakage in GLIBC</li>
      </ul>
    </li>
  </ul>
  ${notes(t()['n.outline'])}
</section>`;
