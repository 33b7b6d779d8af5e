// Runs inside the deck's page (injected as a string by tests/stage/measure.ts measurePhone(), so no
// build step or tsx helper ends up in it): what a phone draws of the slide shown now. Defines
// window.__phone.measure(minPx).
(() => {
  window.__phone = {
    measure(minPx) {
      const W = window.innerWidth;
      const slide = window.Reveal.getCurrentSlide();
      const where = (el) => {
        const parts = [];
        for (let e = el; e && e !== slide; e = e.parentElement) parts.unshift(e.tagName.toLowerCase() + (e.classList.length ? `.${[...e.classList].join('.')}` : ''));
        return parts.join(' > ');
      };
      const visible = (el) => {
        for (let e = el; e; e = e.parentElement) {
          const cs = getComputedStyle(e);
          if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0) return false;
          if (e.classList.contains('sr-only') || (e.tagName === 'ASIDE' && e.classList.contains('notes'))) return false;
        }
        return true;
      };
      // Whatever scales the slide (Reveal's stage scaling, a scroll view): the slide's drawn width
      // over its laid-out width (a block, so no rounding of inline boxes gets in the way).
      const slideScale = slide.offsetWidth > 0 ? slide.getBoundingClientRect().width / slide.offsetWidth : 1;
      const small = [];
      let smallest = null;
      // Every visible text node of the slide, and the page's own overlays (badge, controls).
      const roots = [slide, ...document.querySelectorAll('.follow-badge, .autorun-flag')];
      for (const root of roots) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = (n.textContent || '').trim();
          const el = n.parentElement;
          if (!text || !el || !visible(el)) continue;
          const size = parseFloat(getComputedStyle(el).fontSize) * slideScale;
          smallest = smallest === null ? size : Math.min(smallest, size);
          if (size < minPx - 0.01) small.push({ where: where(el), size: Math.round(size * 10) / 10, text: text.slice(0, 60) });
        }
      }
      const sideways = [];
      for (const el of slide.querySelectorAll('*')) {
        if (!visible(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.left < -1 || r.right > W + 1) sideways.push({ where: where(el), left: Math.round(r.left), right: Math.round(r.right) });
      }
      const charts = [...(window.ffiCorners?.charts ?? [])]
        .filter((c) => slide.contains(c.canvas) && visible(c.canvas))
        .map((c) => {
          const scale = c.canvas.getBoundingClientRect().width / (c.canvas.clientWidth || 1);
          const sizes = Object.values(c.options.scales ?? {})
            .filter((s) => s.display !== false)
            .map((s) => s.ticks?.font?.size)
            .concat(c.options.plugins?.legend?.labels?.font?.size)
            .filter((s) => typeof s === 'number');
          return { where: where(c.canvas), width: Math.round(c.canvas.getBoundingClientRect().width), smallestFont: sizes.length ? Math.min(...sizes) * scale : null };
        });
      const run = slide.querySelector('.run-bar button.run');
      const rr = run && visible(run) ? run.getBoundingClientRect() : null;
      return {
        viewport: { width: W, height: window.innerHeight },
        pageScrollWidth: document.scrollingElement.scrollWidth,
        slideOverflowX: slide.scrollWidth - slide.clientWidth,
        small,
        smallest,
        sideways: sideways.slice(0, 20),
        charts,
        runButton: rr ? { width: Math.round(rr.width), height: Math.round(rr.height), inside: rr.left >= 0 && rr.right <= W } : null,
      };
      },
  };
})();
