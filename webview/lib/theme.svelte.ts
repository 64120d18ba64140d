// Which kind of VS Code theme is active, from the body classes the workbench sets (and changes live).
// Data colour scales depend on it; text, backgrounds and borders use --vscode-* variables directly (with the
// illegible pairs of a theme made legible: legibleInks.ts).
import { legibleInks } from './legibleInks';

export type ThemeKind = 'light' | 'dark' | 'hc-dark' | 'hc-light';

function detect(): ThemeKind {
  const classes = document.body.classList;
  if (classes.contains('vscode-high-contrast-light')) return 'hc-light';
  if (classes.contains('vscode-high-contrast')) return 'hc-dark';
  if (classes.contains('vscode-light')) return 'light';
  return 'dark';
}

/** The editor background as CSS text ('' when the variable is missing): what dimmed fills fade toward. */
function readBackground(): string {
  return getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background').trim();
}

class Theme {
  kind = $state<ThemeKind>(detect());
  background = $state(readBackground());
  get dark(): boolean {
    return this.kind === 'dark' || this.kind === 'hc-dark';
  }
  get highContrast(): boolean {
    return this.kind === 'hc-dark' || this.kind === 'hc-light';
  }
}

export const theme = new Theme();
legibleInks();

// VS Code changes the variables on <html> and the class on <body>, without a reload.
const observer = new MutationObserver(() => {
  const kind = detect();
  if (kind !== theme.kind) theme.kind = kind;
  const background = readBackground();
  if (background !== theme.background) theme.background = background;
  legibleInks();
});
observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
