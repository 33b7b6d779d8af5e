// Opening: title and the talk's outline.
import { t } from '../i18n/index.ts';
import { notes } from './kit.ts';

export default /* html */ `
<section class="title-slide">
  <h1 lang="zh-Hant">Python FFI 的陰暗角落</h1>
  <h2>The Dark Corners of Python FFI</h2>
  <p class="subtitle">PyCon TW 2025 · scc@scc.tw</p>
  <p class="muted edition">${t()['title.edition']}</p>
  <p class="keys muted">${t()['title.keys']}</p>
  ${notes(`Welcome. Every chart in this deck is measured on the machine running it, by the ffi-corners
  server (npm start). Where no server is running, the charts show the results recorded with this
  repository, and every chart's badge says which: LIVE or RECORDED, CPU, runtime and date.
  The talk's own figures are shown next to ours, named as the talk's.`)}
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
  ${notes(`The outline of the original talk, in its order. Each of the hidden corners has a live
  experiment later in the deck.`)}
</section>`;
