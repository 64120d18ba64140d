// Which kind of VS Code theme is active, from the body classes the workbench sets (and changes live).
// Data colour scales depend on it; text, backgrounds and borders use --vscode-* variables directly.

export type ThemeKind = 'light' | 'dark' | 'hc-dark' | 'hc-light';

function detect(): ThemeKind {
  const classes = document.body.classList;
  if (classes.contains('vscode-high-contrast-light')) return 'hc-light';
  if (classes.contains('vscode-high-contrast')) return 'hc-dark';
  if (classes.contains('vscode-light')) return 'light';
  return 'dark';
}

class Theme {
  kind = $state<ThemeKind>(detect());
  get dark(): boolean {
    return this.kind === 'dark' || this.kind === 'hc-dark';
  }
  get highContrast(): boolean {
    return this.kind === 'hc-dark' || this.kind === 'hc-light';
  }
}

export const theme = new Theme();

new MutationObserver(() => {
  const kind = detect();
  if (kind !== theme.kind) theme.kind = kind;
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });
