// WCAG contrast of every text the preview shows, measured in the page: each text's colour (CSS color, or an SVG
// text's fill), faded by its own and its ancestors' opacity, over the backgrounds it sits on (the ancestors'
// background colours composited over the body's). Numbers inked on the canvas's node fills are measured apart
// (views.test.ts reads the canvas pixels). Disabled controls are exempt, as WCAG 1.4.3 allows.
// A script string, not a function: the page would not know the helpers tsx adds to compiled functions.

export interface TextContrast {
  text: string;
  /** where it is: the element's tag and classes, and its section */
  where: string;
  color: string;
  background: string;
  ratio: number;
}

export const TEXT_CONTRAST_SCRIPT = `(() => {
  const parse = (css) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(css || '');
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const lin = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const lum = (c) => 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m); return (x + 0.05) / (y + 0.05); };
  const css = (c) => 'rgb(' + c.slice(0, 3).map((v) => Math.round(v)).join(', ') + ')';
  const root = parse(getComputedStyle(document.documentElement).backgroundColor);
  const page = over(parse(getComputedStyle(document.body).backgroundColor) || [255, 255, 255, 0], root && root[3] > 0 ? root : [255, 255, 255, 1]);
  const backgroundOf = (el) => {
    const chain = [];
    for (let e = el; e && e !== document.body; e = e.parentElement) chain.push(e);
    let bg = page;
    for (const e of chain.reverse()) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) bg = over(c, bg);
    }
    return bg;
  };
  const opacityOf = (el) => {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  const hidden = (el) => {
    if (el.closest('.visually-hidden, .defs, [aria-hidden="true"] .visually-hidden')) return true;
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible' || style.display === 'none') return true;
    const box = el.getBoundingClientRect();
    return box.width === 0 || box.height === 0;
  };
  const where = (el) => {
    const section = el.closest('section, header, [data-testid]');
    const name = (e) => e.tagName.toLowerCase() + [...e.classList].map((c) => '.' + c).join('');
    return name(el) + (section && section !== el ? ' in ' + name(section) + (section.getAttribute('data-testid') ? '[' + section.getAttribute('data-testid') + ']' : '') : '');
  };
  const out = [];
  const measure = (el, text, colour) => {
    const c = parse(colour);
    if (!c) return;
    const bg = backgroundOf(el.closest('svg') ? el.closest('svg').parentElement : el);
    const fg = over([c[0], c[1], c[2], c[3] * opacityOf(el)], bg);
    out.push({ text: text.slice(0, 60), where: where(el), color: css(fg), background: css(bg), ratio: ratio(fg, bg) });
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('svg, script, style, option') || hidden(el)) continue;
    if (el.closest(':disabled, [aria-disabled="true"]')) continue;
    measure(el, text, getComputedStyle(el).color);
  }
  for (const el of document.querySelectorAll('svg text')) {
    const text = el.textContent.trim();
    if (!text || el.classList.contains('value') || hidden(el)) continue;
    const style = getComputedStyle(el);
    const fill = parse(style.fill);
    if (!fill) continue;
    measure(el, text, 'rgba(' + fill.slice(0, 3).join(',') + ',' + fill[3] * Number(style.fillOpacity || 1) + ')');
  }
  return out;
})()`;
