// Runs inside the deck's page (injected as a string by tests/stage/measure.ts, so no build step or
// tsx helper ends up in it). Defines window.__stage.measureSlide(): what one slide, as it is drawn
// now, does against the "readable from the back row" rules:
//   - text: every visible character's drawn size (font size × Reveal's scale), fine print apart;
//   - frame: every element's box inside the slide frame (1920×1080 drawn), no clipped content;
//   - contrast: WCAG 2 contrast of every text node's colour against its effective background;
//   - charts: each canvas's accessible name, its linked data table, and the table's numbers against
//     the numbers Chart.js draws; no two texts drawn inside a chart's plot area (its value labels)
//     overlap, read from the canvas's own fillText calls, not from what the chart code reports.
(() => {
  const FRAME_W = 1920;
  const FRAME_H = 1080;

  // ---- colours ------------------------------------------------------------------------------
  function parseColor(s) {
    const m = /rgba?\(([^)]+)\)/.exec(s || '');
    if (!m) return null;
    const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  }
  function over(top, bottom) {
    const a = top.a + bottom.a * (1 - top.a);
    if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
    const mix = (t, b) => (t * top.a + b * bottom.a * (1 - top.a)) / a;
    return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
  }
  function luminance(c) {
    const lin = (v) => {
      const x = v / 255;
      return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  }
  function contrast(a, b) {
    const la = luminance(a);
    const lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

  /** The colour behind an element: its own and its ancestors' backgrounds composited, down to the
   * page's; null when an image or gradient is in the way (not computable). */
  function backgroundOf(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.backgroundImage && cs.backgroundImage !== 'none') return null;
      const c = parseColor(cs.backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    let color = { r: 255, g: 255, b: 255, a: 1 }; // the browser's canvas under everything
    for (let i = layers.length - 1; i >= 0; i--) color = over(layers[i], color);
    return color;
  }
  /** Product of the opacities from the element up to the slide. */
  function opacityOf(el, stop) {
    let o = 1;
    for (let e = el; e && e !== stop.parentElement; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  }

  // ---- visibility ---------------------------------------------------------------------------
  function isSrOnly(el) {
    for (let e = el; e; e = e.parentElement) if (e.classList && e.classList.contains('sr-only')) return true;
    return false;
  }
  function hidden(el, slide) {
    for (let e = el; e && e !== slide.parentElement; e = e.parentElement) {
      if (e.tagName === 'ASIDE' && e.classList.contains('notes')) return true;
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0) return true;
    }
    return isSrOnly(el);
  }
  function describe(el, slide) {
    const parts = [];
    for (let e = el; e && e !== slide; e = e.parentElement) {
      let p = e.tagName.toLowerCase();
      if (e.id) p += '#' + e.id;
      else if (e.classList.length) p += '.' + [...e.classList].slice(0, 2).join('.');
      parts.unshift(p);
      if (parts.length >= 4) break;
    }
    return parts.join(' > ');
  }
  const snippet = (s) => {
    const t = s.replace(/\s+/g, ' ').trim();
    return t.length > 50 ? t.slice(0, 47) + '…' : t;
  };

  // ---- text drawn on canvases -----------------------------------------------------------------
  // Every fillText of every canvas, as drawn: a quadrilateral in canvas pixels (the position, the
  // text's measured extent, the context's transform), per canvas since it was last cleared whole.
  const drawnTexts = window.__stageTexts || new WeakMap();
  if (!window.__stageTexts) {
    window.__stageTexts = drawnTexts;
    const proto = CanvasRenderingContext2D.prototype;
    const fillText = proto.fillText;
    const clearRect = proto.clearRect;
    proto.clearRect = function (x, y, w, h) {
      if (this.getTransform().isIdentity && x <= 0 && y <= 0 && w >= this.canvas.width && h >= this.canvas.height) drawnTexts.set(this.canvas, []);
      return clearRect.call(this, x, y, w, h);
    };
    proto.fillText = function (text, x, y, maxWidth) {
      const mt = this.measureText(text);
      const m = this.getTransform();
      const quad = [
        [x - mt.actualBoundingBoxLeft, y - mt.actualBoundingBoxAscent],
        [x + mt.actualBoundingBoxRight, y - mt.actualBoundingBoxAscent],
        [x + mt.actualBoundingBoxRight, y + mt.actualBoundingBoxDescent],
        [x - mt.actualBoundingBoxLeft, y + mt.actualBoundingBoxDescent],
      ].map(([px, py]) => [m.a * px + m.c * py + m.e, m.b * px + m.d * py + m.f]);
      if (!drawnTexts.has(this.canvas)) drawnTexts.set(this.canvas, []);
      drawnTexts.get(this.canvas).push({ text: String(text), quad });
      return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
    };
  }
  /** The texts a chart draws inside its plot area (value labels; ticks, titles and legend lie
   * outside it), in CSS pixels: the chart is drawn again so that every text is seen. */
  function textsInPlot(chart) {
    chart.draw();
    const r = chart.currentDevicePixelRatio || 1;
    const a = chart.chartArea;
    return (drawnTexts.get(chart.canvas) || [])
      .map((t) => ({ text: t.text, quad: t.quad.map((p) => p.map((v) => v / r)) }))
      .filter(({ quad }) => {
        const cx = quad.reduce((s, p) => s + p[0], 0) / 4;
        const cy = quad.reduce((s, p) => s + p[1], 0) / 4;
        return cx >= a.left && cx <= a.right && cy >= a.top && cy <= a.bottom;
      });
  }
  /** Two quadrilaterals (rectangles, possibly turned) overlap unless an edge of one separates them;
   * 1 px of anti-aliasing allowed. */
  function quadsOverlap(p, q) {
    for (const poly of [p, q])
      for (let i = 0; i < 4; i++) {
        const [x1, y1] = poly[i];
        const [x2, y2] = poly[(i + 1) % 4];
        const len = Math.hypot(x2 - x1, y2 - y1) || 1;
        const nx = -(y2 - y1) / len;
        const ny = (x2 - x1) / len;
        const ap = p.map(([x, y]) => x * nx + y * ny);
        const bp = q.map(([x, y]) => x * nx + y * ny);
        if (Math.min(...ap) > Math.max(...bp) - 1 || Math.min(...bp) > Math.max(...ap) - 1) return false;
      }
    return true;
  }
  /** The chart's texts in its plot area, and each pair of them that overlaps. */
  function plotTextOverlaps(chart) {
    const texts = textsInPlot(chart);
    const pairs = [];
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) if (quadsOverlap(texts[i].quad, texts[j].quad)) pairs.push([texts[i].text, texts[j].text]);
    return { texts: texts.map((t) => t.text), pairs };
  }

  // ---- numbers ------------------------------------------------------------------------------
  function numbersIn(text) {
    const out = [];
    for (const m of String(text).replace(/,(?=\d{3}\b)/g, '').matchAll(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi)) out.push(Number(m[0]));
    return out;
  }
  const close = (a, b) => Math.abs(a - b) <= Math.max(1e-9, 2e-3 * Math.max(Math.abs(a), Math.abs(b)));
  function median(values) {
    const s = Float64Array.from(values).sort();
    if (!s.length) return NaN;
    const m = (s.length - 1) / 2;
    return (s[Math.floor(m)] + s[Math.ceil(m)]) / 2;
  }
  /** What a chart draws, as numbers a data table must contain. Distributions: the median of what is
   * drawn per label (the table states it from all samples: within 3%). */
  function chartNumbers(chart) {
    const type = chart.config.type;
    const scalars = [];
    const medians = [];
    chart.data.datasets.forEach((ds) => {
      ds.data.forEach((d, i) => {
        if (d === null || d === undefined) return;
        if (Array.isArray(d)) {
          if (d.length) medians.push({ label: String(chart.data.labels[i]), value: median(d) });
        } else if (typeof d === 'number') {
          if (Number.isFinite(d)) scalars.push(d);
        } else if (typeof d === 'object') {
          if ('v' in d) {
            if (typeof d.v === 'number' && Number.isFinite(d.v)) scalars.push(d.v);
          } else if (typeof d.y === 'number' && Number.isFinite(d.y)) scalars.push(d.y);
        }
      });
    });
    return { type, scalars, medians };
  }
  function tableRows(table) {
    return [...table.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim()));
  }

  function checkChart(chart, slide) {
    const canvas = chart.canvas;
    const problems = [];
    const name = (canvas.getAttribute('aria-label') || '').trim();
    if (canvas.getAttribute('role') !== 'img') problems.push('canvas without role="img"');
    if (!name) problems.push('canvas without an accessible name (aria-label)');
    const ids = (canvas.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    const table = ids.map((id) => document.getElementById(id)).find((e) => e && e.tagName === 'TABLE');
    const data = chartNumbers(chart);
    let rows = [];
    if (!table) problems.push('no data table linked with aria-describedby');
    else {
      rows = tableRows(table);
      const nums = rows.slice(1).flatMap((r) => r.slice(1).flatMap(numbersIn));
      const missing = data.scalars.filter((v) => !nums.some((n) => close(n, v)));
      if (missing.length) problems.push(`data table lacks ${missing.length} of the chart's ${data.scalars.length} values (e.g. ${missing.slice(0, 3).join(', ')})`);
      const head = rows[0] || [];
      const mi = head.findIndex((h) => /^median/i.test(h));
      for (const m of data.medians) {
        const row = rows.find((r) => r[0] === m.label);
        const v = row && mi >= 0 ? numbersIn(row[mi])[0] : undefined;
        if (v === undefined) problems.push(`data table has no median for "${m.label}"`);
        else if (Math.abs(v - m.value) > 0.03 * Math.abs(m.value) + 1e-9) problems.push(`data table median of "${m.label}" is ${v}, the chart draws ${m.value.toPrecision(4)}`);
      }
    }
    // Value labels written at the bars' ends (slides/charts/bars.ts records where): none may run into another.
    const labels = chart.valueLabels || [];
    let collide = 0;
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++) {
        const [a, b] = [labels[i], labels[j]];
        if (a[0] < b[2] - 1 && b[0] < a[2] - 1 && a[1] < b[3] - 1 && b[1] < a[3] - 1) collide++;
      }
    if (collide) problems.push(`${collide} pair(s) of value labels overlap`);
    // The same, as the canvas drew it: no two texts in the plot area overlap.
    const drawn = plotTextOverlaps(chart);
    if (drawn.pairs.length) problems.push(`${drawn.pairs.length} pair(s) of texts drawn in the plot area overlap: ${drawn.pairs.slice(0, 3).map(([a, b]) => `“${a}” and “${b}”`).join(', ')}`);
    return {
      where: describe(canvas, slide),
      name,
      view: (canvas.closest('[data-view]') || {}).dataset?.view ?? null,
      tableId: table ? table.id : null,
      rows,
      data,
      problems,
    };
  }

  function measureSlide(slide, opts) {
    const minSize = (opts && opts.minSize) || 24;
    const minFine = (opts && opts.minFine) || 18;
    const minContrast = (opts && opts.minContrast) || 4.5;
    const frameEl = document.querySelector('.reveal .slides');
    const frame = frameEl.getBoundingClientRect();
    const scale = frame.width / FRAME_W;
    const out = { chars: 0, small: [], tiny: [], outside: [], clipped: [], overlaps: [], lowContrast: [], uncomputable: 0, charts: [] };
    // Controls laid over the slide (run bar, run-parameters line, a view's switch): nothing else may lie under them.
    const overlays = [...slide.querySelectorAll('.run-bar, .params-line, .unit-switch')].filter((e) => !hidden(e, slide)).map((e) => ({ e, r: e.getBoundingClientRect() })).filter((o) => o.r.width && o.r.height);
    const hits = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const seenSmall = new Map();
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.replace(/\s+/g, '');
      if (!text) continue;
      const el = node.parentElement;
      if (!el || hidden(el, slide)) continue;
      if (el.closest('select') && el.tagName === 'OPTION' && !el.selected) continue; // closed picker: only the chosen option is drawn
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      if (!rects.length) continue;
      const cs = getComputedStyle(el);
      for (const o of overlays) {
        if (o.e.contains(el)) continue;
        if (rects.some((r) => hits(r, o.r)) && !out.overlaps.some((x) => x.el === el)) out.overlaps.push({ el, where: describe(el, slide), under: describe(o.e, slide), text: snippet(node.textContent) });
      }
      const drawn = parseFloat(cs.fontSize) * scale;
      const fine = !!el.closest('[data-fine-print]');
      out.chars += text.length;
      const key = el;
      if (drawn < minFine - 0.01 || (!fine && drawn < minSize - 0.01)) {
        const list = drawn < minFine - 0.01 ? out.tiny : out.small;
        const prev = seenSmall.get(key);
        if (prev) prev.chars += text.length;
        else {
          const item = { where: describe(el, slide), size: Math.round(drawn * 10) / 10, chars: text.length, text: snippet(node.textContent), fine };
          seenSmall.set(key, item);
          list.push(item);
        }
      }
      // contrast
      const bg = backgroundOf(el);
      const fg = parseColor(cs.color);
      if (!bg || !fg) out.uncomputable++;
      else {
        const alpha = fg.a * opacityOf(el, slide);
        const eff = over({ ...fg, a: alpha }, bg);
        const ratio = contrast(eff, bg);
        if (ratio < minContrast - 1e-6) {
          out.lowContrast.push({ where: describe(el, slide), ratio: Math.round(ratio * 100) / 100, fg: hex(eff), bg: hex(bg), text: snippet(node.textContent) });
        }
      }
    }
    // frame and clipping
    for (const el of slide.querySelectorAll('*')) {
      if (hidden(el, slide)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const tol = 1;
      if (r.left < frame.left - tol || r.top < frame.top - tol || r.right > frame.left + frame.width + tol || r.bottom > frame.top + frame.height + tol) {
        // Report only the outermost offender of a subtree.
        if (!out.outside.some((o) => o.el.contains(el)))
          out.outside.push({ el, where: describe(el, slide), box: [r.left - frame.left, r.top - frame.top, r.right - frame.left, r.bottom - frame.top].map((v) => Math.round(v / scale)) });
      }
      const cs = getComputedStyle(el);
      if (el.tagName !== 'CANVAS' && (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) && el.textContent.trim()) {
        out.clipped.push({ where: describe(el, slide), content: [el.scrollWidth, el.scrollHeight], box: [el.clientWidth, el.clientHeight], text: snippet(el.textContent) });
      }
    }
    // The room used: the box around what the slide shows (notes and run controls aside), as a share
    // of the frame; with how many data views the slide has and whether it is a divider or title.
    let box = null;
    for (const child of slide.children) {
      if (hidden(child, slide) || child.matches('aside, .run-bar, .params-line, .handout')) continue;
      const r = child.getBoundingClientRect();
      if (!r.width || !r.height) continue;
      box = box ? [Math.min(box[0], r.left), Math.min(box[1], r.top), Math.max(box[2], r.right), Math.max(box[3], r.bottom)] : [r.left, r.top, r.right, r.bottom];
    }
    out.fill = box ? ((box[2] - box[0]) * (box[3] - box[1])) / (frame.width * frame.height) : 0;
    out.views = slide.querySelectorAll('[data-view]').length;
    out.titleOrDivider = slide.classList.contains('divider') || !!slide.querySelector(':scope > h1');
    out.outside = out.outside.map(({ el, ...rest }) => ({ ...rest, text: snippet(el.textContent || '') }));
    out.overlaps = out.overlaps.map(({ el, ...rest }) => rest);
    // charts
    const charts = (window.ffiCorners && window.ffiCorners.charts) || new Set();
    for (const chart of charts) {
      if (!slide.contains(chart.canvas) || hidden(chart.canvas, slide)) continue;
      out.charts.push(checkChart(chart, slide));
    }
    // Chart.js text: tick, title and legend font sizes (what the canvas draws).
    out.chartFonts = [];
    for (const chart of charts) {
      if (!slide.contains(chart.canvas) || hidden(chart.canvas, slide)) continue;
      const sizes = [];
      for (const [id, scale] of Object.entries(chart.scales || {})) {
        if (scale.options.display === false) continue;
        if (scale.options.ticks?.display !== false) sizes.push([`${id} ticks`, scale.options.ticks.font?.size]);
        if (scale.options.title?.display) sizes.push([`${id} title`, scale.options.title.font?.size]);
      }
      const legend = chart.options.plugins?.legend;
      if (legend && legend.display !== false && chart.legend?.legendItems?.length) sizes.push(['legend', chart.legend.options.labels.font?.size ?? chart.options.font?.size]);
      for (const [what, size] of sizes) if (typeof size === 'number' && size * scale < minSize - 0.01) out.chartFonts.push({ where: describe(chart.canvas, slide), what, size: size * scale });
    }
    return out;
  }

  function slideLabel(slide) {
    const idx = window.Reveal.getIndices(slide);
    const title = (slide.querySelector('h1, h2, h3') || {}).textContent || '';
    return `${idx.h}${idx.v ? '.' + idx.v : ''}${slide.id ? ' #' + slide.id : ''} “${snippet(title)}”`;
  }

  window.__stage = { measureSlide, slideLabel, contrast: (a, b) => contrast(parseColor(a), parseColor(b)), numbersIn, median, plotTextOverlaps };
})();
