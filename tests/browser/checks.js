// Run in the page by the browser suite (DevTools' Runtime.evaluate, which the page's
// Content-Security-Policy does not stop; the page itself has no script).
// window.cyclemapChecks.contrast(): the lowest contrast ratio of any visible text against
// what is drawn behind it, HTML and SVG alike, with the text it was found at.
window.cyclemapChecks = (() => {
  function parse(colour) {
    const found = /rgba?\(([^)]+)\)/.exec(colour || "");
    if (!found) return null;
    const parts = found[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  }
  function luminance(c) {
    const f = (v) => {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function ratio(a, b) {
    const x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  const WHITE = { r: 255, g: 255, b: 255, a: 1 };
  function htmlBackground(element) {
    for (let e = element; e && e.nodeType === 1; e = e.parentElement) {
      if (e instanceof SVGElement) continue;
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return WHITE;
  }
  function svgBackground(text) {
    const box = text.getBoundingClientRect();
    const x = box.left + Math.min(4, box.width / 2);
    const y = box.top + box.height / 2;
    for (const e of document.elementsFromPoint(x, y)) {
      if (e === text || e instanceof SVGTextElement) continue;
      if (e instanceof SVGGeometryElement) {
        const style = getComputedStyle(e);
        const fill = parse(style.fill);
        if (style.fill !== "none" && fill && fill.a > 0.5) return fill;
        continue;
      }
      if (e instanceof SVGSVGElement) continue;
      return htmlBackground(e);
    }
    return htmlBackground(text);
  }
  function contrast() {
    const root = document.body || document.documentElement;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    let worst = { ratio: 99, text: "", count: 0 };
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const element = node.parentElement;
      if (!node.textContent.trim() || !element || seen.has(element)) continue;
      seen.add(element);
      if (element.closest("title, desc, style")) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue; // not shown
      const style = getComputedStyle(element);
      const svg = element instanceof SVGElement;
      const fg = parse(svg ? style.fill : style.color);
      const bg = svg ? svgBackground(element) : htmlBackground(element);
      const value = ratio(fg, bg);
      worst.count += 1;
      if (value < worst.ratio) {
        worst = { ratio: value, text: node.textContent.trim().slice(0, 60), count: worst.count };
      }
    }
    return worst;
  }
  function visibleArrows() {
    return [...document.querySelectorAll(".cm-arrow")].filter((e) => {
      const box = e.getBoundingClientRect();
      return box.width > 0 && box.height > 0;
    }).length;
  }
  // Lines of text that run past the right edge of the card they start in (SVG units).
  function overflowing() {
    const out = [];
    for (const svg of document.querySelectorAll("svg")) {
      const cards = [...svg.querySelectorAll(":scope > .cm-card, :scope > svg > .cm-card")];
      for (const text of svg.querySelectorAll("text")) {
        if (text.getAttribute("text-anchor")) continue; // centred headings and arrow words
        const x = +text.getAttribute("x"), y = +text.getAttribute("y");
        const card = cards.find((c) => {
          const cx = +c.getAttribute("x"), cy = +c.getAttribute("y");
          return x >= cx && x <= cx + +c.getAttribute("width") && y >= cy &&
            y <= cy + +c.getAttribute("height") && c.ownerSVGElement === text.ownerSVGElement;
        });
        if (!card) continue;
        const right = +card.getAttribute("x") + +card.getAttribute("width");
        const box = text.getBBox();
        if (box.x + box.width > right - 6) out.push(text.textContent.slice(0, 40));
      }
    }
    return out;
  }
  return { contrast, visibleArrows, overflowing };
})();
true;
