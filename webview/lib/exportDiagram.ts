// Export… for the diagram: the unrolled network as drawn (values on the canvas, structure in the SVG)
// turned into one self-contained SVG, or a PNG of it. Styles are inlined from the computed style, so the
// file keeps the theme's colours without VS Code's CSS variables.

const STYLE_PROPERTIES = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'visibility', 'display',
];

function inlineStyles(source: Element, target: Element): void {
  const computed = getComputedStyle(source);
  const style = STYLE_PROPERTIES.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';');
  target.setAttribute('style', style);
  for (let i = 0; i < source.children.length; i++) inlineStyles(source.children[i], target.children[i]);
}

/** The network's SVG with its canvas of node colours embedded as an image; undefined when none is shown. */
export function diagramSvg(root: ParentNode = document): string | undefined {
  const svg = root.querySelector<SVGSVGElement>('svg.front');
  if (!svg) return undefined;
  const width = svg.width.baseVal.value;
  const height = svg.height.baseVal.value;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const ns = 'http://www.w3.org/2000/svg';
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('width', String(width));
  background.setAttribute('height', String(height));
  background.setAttribute('fill', getComputedStyle(document.body).backgroundColor);
  const layers: Element[] = [background];
  const canvas = svg.parentElement?.querySelector<HTMLCanvasElement>('canvas.fills');
  if (canvas && canvas.width > 0) {
    const image = document.createElementNS(ns, 'image');
    const box = canvas.getBoundingClientRect();
    const origin = svg.getBoundingClientRect();
    image.setAttribute('href', canvas.toDataURL('image/png'));
    image.setAttribute('x', String(box.left - origin.left));
    image.setAttribute('y', String(box.top - origin.top));
    image.setAttribute('width', String(box.width));
    image.setAttribute('height', String(box.height));
    layers.push(image);
  }
  clone.prepend(...layers);
  return new XMLSerializer().serializeToString(clone);
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
