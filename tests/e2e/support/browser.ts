import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The Chromium flags the e2e suite runs with (Debian's chromium, headless). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1920, height: 1080 };

const OUTPUT = fileURLToPath(new URL('../../../test-output/screenshots/', import.meta.url));
const IMAGES = fileURLToPath(new URL('../../../docs/images/', import.meta.url));

/**
 * Saves a screenshot as test-output/screenshots/ui-<name>.png on every run, and as the README's
 * docs/images/ui-<name>.png when ADM_UPDATE_SCREENSHOTS=1 (so a test run leaves the tree clean).
 */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT, { recursive: true });
  const buf = await page.screenshot({ path: `${OUTPUT}ui-${name}.png` });
  if (process.env.ADM_UPDATE_SCREENSHOTS === '1') {
    mkdirSync(IMAGES, { recursive: true });
    writeFileSync(`${IMAGES}ui-${name}.png`, buf);
  }
}

/** Waits until the citizen's screen is `screen`. */
export async function onScreen(page: Page, screen: string, timeout = 15_000): Promise<void> {
  await page.locator(`.frame[data-screen="${screen}"]`).waitFor({ timeout });
}

/** Types digits on the on-screen keypad, as a finger would. */
export async function typeDigits(page: Page, digits: string): Promise<void> {
  for (const d of digits) await page.getByTestId(`key-${d}`).click();
}

/** Everything a page holds that could outlive a session: its text, its inputs and its storage. */
export async function pageResidue(page: Page): Promise<string> {
  return page.evaluate(() => {
    const w = window as unknown as { localStorage: { length: number }; sessionStorage: { length: number } };
    return [document.body.innerText, document.body.innerHTML, document.cookie, String(w.localStorage.length), String(w.sessionStorage.length), String(history.length)].join('\n');
  });
}

/**
 * What the layout must hold on a kiosk screen: every touch target at least 48 × 48 px, nothing
 * wider than the screen, and the action buttons inside it. Returns the problems found.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    if (document.documentElement.scrollWidth > vw) problems.push(`page is ${document.documentElement.scrollWidth}px wide in a ${vw}px screen`);
    for (const el of Array.from(document.querySelectorAll('button'))) {
      const r = el.getBoundingClientRect();
      const label = (el.getAttribute('data-testid') ?? el.textContent ?? '').trim().slice(0, 30);
      if (r.width < 48 || r.height < 48) problems.push(`button "${label}" is ${Math.round(r.width)}×${Math.round(r.height)} px`);
      if (r.right > vw + 1 || r.left < -1) problems.push(`button "${label}" is outside the screen horizontally`);
      if (r.bottom > vh + 1 && !el.closest('.screen')) problems.push(`button "${label}" is below the screen`);
    }
    return problems;
  });
}
