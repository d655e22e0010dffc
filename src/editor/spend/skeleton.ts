// The spend page's placeholder, sent inside the HTML so the first paint is never blank. No 'vscode' import.

const cards = '<div class="sk-cards">' + '<div class="card sk-card"><span class="sk sk-line short"></span><span class="sk sk-line big"></span><span class="sk sk-line"></span></div>'.repeat(3) + '</div>';
const rows = (n: number) => '<div class="sk-rows">' + '<span class="sk sk-row"></span>'.repeat(n) + '</div>';

/**
 * Grey cards (and, in the full panel, chart boxes and table rows) shaped like the page, shown until the first
 * snapshot arrives; the bundle replaces `#skeleton` then. Static markup only: no data, no script.
 */
export function spendSkeleton(mode: 'full' | 'compact'): string {
  const full = mode === 'full'
    ? '<div class="sk-charts">' + '<span class="sk sk-chart"></span>'.repeat(3) + '</div>' + rows(6)
    : '';
  return `<main id="skeleton" class="skeleton" aria-busy="true"><p class="muted" role="status">Loading spend…</p>${cards}${full}</main>`;
}
