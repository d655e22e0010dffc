// The page's colours come from the VS Code theme (light, dark, high contrast), read where the charts draw.

// Orange and yellow look alike in light themes, so they sit far apart in the cycle.
const SERIES_VARS = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple',
  '--vscode-charts-red', '--vscode-charts-yellow'];
const FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

export interface ThemeColours { series: string[]; foreground: string; grid: string; background: string }

/** The current theme's colours, read from the CSS variables VS Code sets on the page. */
export function themeColours(): ThemeColours {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const foreground = v('--vscode-foreground', '#cccccc');
  return {
    series: SERIES_VARS.map((name, i) => v(name, FALLBACK[i])),
    foreground,
    grid: v('--vscode-editorWidget-border', v('--vscode-panel-border', 'rgba(128,128,128,0.35)')),
    background: v('--vscode-editor-background', '#1e1e1e'),
  };
}
