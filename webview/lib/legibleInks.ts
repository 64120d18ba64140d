// Some themes pair a control's background with a foreground that is hard to read: Solarized Light's buttons are
// white on #ac9d57, 2.7:1. The views keep every colour of the theme, but where such a pair falls under WCAG AA
// (4.5:1) its foreground becomes the legible ink (black or white, colors.ts inkOn). The variable is set again on
// <body>, so every view reads the legible value, and VS Code's own, on <html>, stays as it was.
import { contrast, inkOn, parseColor } from './colors';

/** background variable → the foreground variable drawn on it */
const PAIRS: [background: string, foreground: string][] = [
  ['--vscode-button-background', '--vscode-button-foreground'],
  ['--vscode-button-secondaryBackground', '--vscode-button-secondaryForeground'],
  ['--vscode-badge-background', '--vscode-badge-foreground'],
];

/** Re-reads the theme's variables and overrides (or drops the override of) each illegible foreground. */
export function legibleInks(): void {
  const theme = getComputedStyle(document.documentElement);
  for (const [backgroundVar, foregroundVar] of PAIRS) {
    document.body.style.removeProperty(foregroundVar);
    const background = parseColor(theme.getPropertyValue(backgroundVar));
    const foreground = parseColor(theme.getPropertyValue(foregroundVar));
    if (background && foreground && contrast(background, foreground) < 4.5) document.body.style.setProperty(foregroundVar, inkOn(background));
  }
}
