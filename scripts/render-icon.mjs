// Renders media/extension-icon.svg to media/icon.png (the Marketplace needs a PNG) with the e2e Chromium.
// Run: node scripts/render-icon.mjs
import { readFileSync } from 'node:fs';
import { launchBrowser } from './lib/workbench.mjs';

const svg = readFileSync(new URL('../media/extension-icon.svg', import.meta.url), 'utf8');
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: new URL('../media/icon.png', import.meta.url).pathname, omitBackground: true });
} finally {
  await browser.close();
}
