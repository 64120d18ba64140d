import * as vscode from 'vscode';
import type { ViewSettings } from '../protocol';

/** A snapshot of the settings the views use; compared by value so only a relevant change re-renders. */
export function readViewSettings(): ViewSettings {
  const config = vscode.workspace.getConfiguration('unroll');
  return {
    colorScale: config.get<'diverging' | 'viridis'>('view.colorScale', 'diverging'),
    thresholds: {
      vanishing: config.get<number>('gradient.vanishingThreshold', 1e-6),
      exploding: config.get<number>('gradient.explodingThreshold', 1e6),
    },
  };
}

export function sameSettings(a: ViewSettings, b: ViewSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export const VIEW_SETTINGS_SECTIONS = ['unroll.view', 'unroll.gradient'];
