// The colours of the network's nodes, for any surface: the canvas the view paints on every keystroke, and the
// vector shapes Export… writes. One walk over the columns, so the two never disagree.
import type { PreviewModel } from '../../src/protocol';
import { nodeValues, type ColumnTemplate } from './columnTemplate';
import type { NetworkLayout } from './networkLayout';
import { columnX, type Column } from './networkColumns';
import type { Paint } from './paint';

export interface NodeSurface {
  /** a filled box; radius 0 for a unit's stripe */
  box(x: number, y: number, w: number, h: number, colour: string, radius: number): void;
  /** NaN: a hatch, never a colour of the value scale */
  nan(x: number, y: number, w: number, h: number, radius: number): void;
}

export interface NodeFills {
  model: PreviewModel;
  layout: NetworkLayout;
  template: ColumnTemplate;
  paint: Paint;
  columns: readonly Column[];
  /** centre x of a column (default: its place in the unrolled picture) */
  centre?: (col: Column) => number;
  /** only columns whose centre is in [from, to]; x is drawn minus `from`'s offset `shift` */
  from?: number;
  to?: number;
  shift?: number;
}

export function paintNodeFills(surface: NodeSurface, { model, layout: L, template, paint, columns, centre, from = -Infinity, to = Infinity, shift = 0 }: NodeFills): void {
  for (const col of columns) {
    if (col.kind !== 'step') continue;
    const cx = centre ? centre(col) : columnX(L, col.i);
    if (cx < from || cx > to) continue;
    const t = col.t;
    const ignored = !model.targets[t];
    for (const spot of template.nodes) {
      const values = nodeValues(model, spot, t);
      const x = cx + spot.x - spot.w / 2 - shift;
      const y = spot.y - spot.h / 2;
      // An ignored output is faded, not transparent: its number (StepColumn) is inked for the colour shown.
      const fill = spot.kind === 'gate' ? paint.gateFill : spot.kind === 'y' && ignored ? paint.fadedFill : paint.fill;
      if (L.valueText) {
        const v = values[0] ?? NaN;
        const radius = spot.kind === 'gate' ? 2 : 5;
        if (Number.isNaN(v)) surface.nan(x, y, spot.w, spot.h, radius);
        else surface.box(x, y, spot.w, spot.h, fill(v), radius);
        continue;
      }
      const count = Math.max(1, Math.min(values.length, spot.kind === 'y' ? 8 : L.stripes));
      const h = spot.h / count;
      for (let k = 0; k < count; k++) {
        const v = values[k] ?? NaN;
        if (Number.isNaN(v)) surface.nan(x, y + k * h, spot.w, h, 0);
        else surface.box(x, y + k * h, spot.w, h, fill(v), 0);
      }
    }
  }
}

/** Draws on a 2D canvas; NaN hatched in `error` (the theme's error colour). */
export function canvasSurface(ctx: CanvasRenderingContext2D, error: string): NodeSurface {
  return {
    box(x, y, w, h, colour, radius) {
      ctx.fillStyle = colour;
      if (radius === 0) return ctx.fillRect(x, y, w, h);
      ctx.beginPath();
      ctx.roundRect(x, y, w, h, radius);
      ctx.fill();
    },
    nan(x, y, w, h) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(x, y, w, h);
      ctx.clip();
      ctx.strokeStyle = error;
      ctx.lineWidth = 1.2;
      ctx.beginPath();
      for (let d = -h; d < w; d += 5) {
        ctx.moveTo(x + d, y + h);
        ctx.lineTo(x + d + h, y);
      }
      ctx.stroke();
      ctx.restore();
    },
  };
}

/** Appends <rect>s to an SVG group; NaN as the page's hatch pattern (#unroll-nan, which the export carries). */
export function svgSurface(group: SVGGElement): NodeSurface {
  const ns = 'http://www.w3.org/2000/svg';
  const rect = (x: number, y: number, w: number, h: number, fill: string, radius: number) => {
    const r = group.ownerDocument.createElementNS(ns, 'rect');
    for (const [name, value] of [['x', x], ['y', y], ['width', w], ['height', h], ['fill', fill]] as const) r.setAttribute(name, typeof value === 'number' ? String(+value.toFixed(2)) : value);
    if (radius > 0) r.setAttribute('rx', String(radius));
    group.append(r);
  };
  return { box: rect, nan: (x, y, w, h, radius) => rect(x, y, w, h, 'url(#unroll-nan)', radius) };
}
