// Export… for the diagram: the unrolled network as drawn, as one self-contained vector drawing (or a PNG of it).
// The page splits the picture in layers (node colours on a canvas, structure in an SVG, row names in a gutter,
// markers and patterns in a shared <defs>); the export puts them back together as SVG elements: the colours
// become rects (nodeFills.ts, the same walk the canvas uses), the <defs> the arrows and hatches refer to come
// along, and styles are inlined from the computed style, so the file keeps the theme's colours without VS Code's
// CSS variables and opens the same in a browser and in Inkscape.
import { svgSurface, type NodeSurface } from './nodeFills';

const SVG_NS = 'http://www.w3.org/2000/svg';
const STYLE_PROPERTIES = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'visibility', 'display',
];

/** What draws the node colours of the unrolled picture onto a surface (NodeCanvas registers it). */
type FillPainter = (surface: NodeSurface) => void;
let fillPainter: FillPainter | undefined;

/** The view's node colours, for the export; returns the unregistration. */
export function registerFills(painter: FillPainter): () => void {
  fillPainter = painter;
  return () => {
    if (fillPainter === painter) fillPainter = undefined;
  };
}

/** SVG 1.1 readers (Inkscape) take rgb() but not rgba(): a colour and its alpha apart ('none' when transparent). */
function splitAlpha(css: string): { colour: string; alpha: number } {
  const rgba = /^rgba\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)[\s,/]+([\d.]+)\s*\)$/.exec(css);
  if (!rgba) return { colour: css, alpha: 1 };
  const [, r, g, b, alpha] = rgba;
  return Number(alpha) === 0 ? { colour: 'none', alpha: 1 } : { colour: `rgb(${r}, ${g}, ${b})`, alpha: Number(alpha) };
}

/** Sets `fill` or `stroke` (and its opacity) from a CSS colour. */
function setPaint(element: Element, paint: 'fill' | 'stroke', css: string): void {
  const { colour, alpha } = splitAlpha(css);
  element.setAttribute(paint, colour);
  if (alpha !== 1) element.setAttribute(`${paint}-opacity`, String(alpha));
}

/** Values that say nothing (the initial ones): left out, so a long sequence's file stays small. */
const DEFAULTS: Record<string, string> = { opacity: '1', 'fill-opacity': '1', 'stroke-opacity': '1', 'stroke-dasharray': 'none', visibility: 'visible', display: 'inline' };
const TEXT_PROPERTIES = new Set(['font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline']);
const CARRIES_TEXT = new Set(['svg', 'g', 'text', 'tspan']);

/** Inlines the computed style of `source` and its descendants into the copy `target`; drops what is not drawn (a
 *  hidden focus ring would show in a reader that ignores `visibility`). */
function inlineStyles(source: Element, target: Element): void {
  const computed = getComputedStyle(source);
  if (computed.display === 'none' || (computed.visibility === 'hidden' && source.children.length === 0)) {
    target.remove();
    return;
  }
  const textual = CARRIES_TEXT.has(source.localName);
  const values = new Map(STYLE_PROPERTIES.filter((p) => textual || !TEXT_PROPERTIES.has(p)).map((p) => [p, computed.getPropertyValue(p)]));
  for (const paint of ['fill', 'stroke'] as const) {
    const { colour, alpha } = splitAlpha(values.get(paint) ?? '');
    values.set(paint, colour);
    if (alpha !== 1) values.set(`${paint}-opacity`, String(alpha * Number(values.get(`${paint}-opacity`) || 1)));
  }
  target.setAttribute('style', [...values].filter(([p, v]) => DEFAULTS[p] !== v).map(([p, v]) => `${p}:${v}`).join(';'));
  // From the last child back: a dropped child must not shift the pairs still to come.
  for (let i = source.children.length - 1; i >= 0; i--) inlineStyles(source.children[i], target.children[i]);
}

/** A copy of an SVG's content with its styles inlined, as a group moved to (x, y). */
function styledGroup(svg: SVGSVGElement, x: number, y: number): SVGGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  const group = document.createElementNS(SVG_NS, 'g');
  group.setAttribute('transform', `translate(${x} ${y})`);
  group.setAttribute('style', clone.getAttribute('style') ?? '');
  group.append(...clone.childNodes);
  return group;
}

/** The gutter's own background and its border, which are CSS of the <svg> box rather than SVG content. */
function gutterBackground(gutter: SVGSVGElement, width: number, height: number): SVGElement[] {
  const style = getComputedStyle(gutter);
  const fill = document.createElementNS(SVG_NS, 'rect');
  fill.setAttribute('width', String(width));
  fill.setAttribute('height', String(height));
  setPaint(fill, 'fill', style.backgroundColor);
  const border = document.createElementNS(SVG_NS, 'line');
  for (const [name, value] of [['x1', width - 0.5], ['x2', width - 0.5], ['y1', 0], ['y2', height]] as const) border.setAttribute(name, String(value));
  setPaint(border, 'stroke', style.borderRightColor);
  return [fill, border];
}

/** The unrolled network (row names, node colours, edges with their arrowheads, labels) as SVG text; undefined when
 *  the view shows no unrolled network. */
export function diagramSvg(root: ParentNode = document): string | undefined {
  const front = root.querySelector<SVGSVGElement>('svg.front');
  if (!front) return undefined;
  const gutter = root.querySelector<SVGSVGElement>('svg.gutter');
  const frontBox = front.getBoundingClientRect();
  const gutterBox = gutter?.getBoundingClientRect();
  const left = gutterBox ? gutterBox.width : 0;
  const top = gutterBox ? Math.max(0, frontBox.top - gutterBox.top) : 0;
  const width = left + front.width.baseVal.value;
  const height = Math.max(gutterBox?.height ?? 0, top + front.height.baseVal.value);

  const out = standalone(width, height, root);
  if (gutter) out.append(...gutterBackground(gutter, left, height), styledGroup(gutter, 0, 0));
  const fills = document.createElementNS(SVG_NS, 'g');
  fills.setAttribute('class', 'fills');
  fills.setAttribute('transform', `translate(${left} ${top})`);
  fillPainter?.(svgSurface(fills));
  out.append(fills, styledGroup(front, left, top));
  return new XMLSerializer().serializeToString(out);
}

/** The gradient chart (bars, axis, thresholds, closed form) as SVG text, for the HTML report; undefined without one. */
export function chartSvg(root: ParentNode = document): string | undefined {
  const chart = root.querySelector<SVGSVGElement>('[data-testid="gradient-chart"] svg');
  if (!chart) return undefined;
  const width = chart.width.baseVal.value;
  const height = chart.height.baseVal.value;
  const out = standalone(width, height, root);
  out.append(styledGroup(chart, 0, 0));
  return new XMLSerializer().serializeToString(out);
}

/** An empty drawing of the page's background, with the <defs> (arrowheads, hatches) the pictures refer to. */
function standalone(width: number, height: number, root: ParentNode): SVGSVGElement {
  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const defs = root.querySelector<SVGDefsElement>('svg.defs defs');
  if (defs) {
    const copy = defs.cloneNode(true) as SVGDefsElement;
    inlineStyles(defs, copy);
    out.append(copy);
  }
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', String(width));
  background.setAttribute('height', String(height));
  setPaint(background, 'fill', getComputedStyle(document.body).backgroundColor);
  out.append(background);
  return out;
}

/** The same picture as a PNG data: URL, at twice the CSS pixel size for sharp text. */
export async function diagramPng(root: ParentNode = document): Promise<string | undefined> {
  const svg = diagramSvg(root);
  if (!svg) return undefined;
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth * 2;
    canvas.height = image.naturalHeight * 2;
    const context = canvas.getContext('2d');
    if (!context) return undefined;
    context.scale(2, 2);
    context.drawImage(image, 0, 0);
    return canvas.toDataURL('image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}
