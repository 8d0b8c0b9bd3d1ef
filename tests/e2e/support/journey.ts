import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { DemoEntry } from '../../../kiosk/registry/demo/demo-set.ts';
import { onScreen, typeDigits } from './browser.ts';
import type { KioskProcess } from './kiosk-process.ts';

/** The demo entry for a case, as the kiosk's own registry has it. */
export async function demoEntry(kiosk: KioskProcess, applicationId: string): Promise<DemoEntry> {
  const e = (await kiosk.devState()).demo.find((d) => d.applicationId === applicationId);
  if (!e) throw new Error(`no demo entry ${applicationId}`);
  return e;
}

export async function openUi(page: Page, kiosk: KioskProcess): Promise<void> {
  await page.goto(kiosk.uiUrl);
  await onScreen(page, 'attract');
}

export async function signInWithPin(page: Page, nik: string, pin: string): Promise<void> {
  await page.getByTestId('start').click();
  await onScreen(page, 'choose-method');
  await page.getByTestId('method-nik').click();
  await onScreen(page, 'nik-pin');
  await typeDigits(page, nik);
  await typeDigits(page, pin);
  await page.getByTestId('sign-in').click();
}

/** The citizen taps their e-KTP on the reader and puts a good finger on the sensor. */
export async function signInWithCard(page: Page, kiosk: KioskProcess, nik: string): Promise<void> {
  await kiosk.dev({ action: 'finger.next', quality: 'good', times: 1 });
  await kiosk.dev({ action: 'card.tap', nik });
}

export async function signInWithQr(page: Page, kiosk: KioskProcess, qrText: string): Promise<void> {
  await page.getByTestId('start').click();
  await page.getByTestId('method-qr').click();
  await onScreen(page, 'qr-scan');
  await kiosk.dev({ action: 'scanner.scan', text: qrText });
}

/** From the document list to the printing screen, proving with the document PIN (or its QR when `qr` is given). */
export async function chooseAndConfirm(page: Page, kiosk: KioskProcess, entry: DemoEntry, proof: 'pin' | 'qr' = 'pin'): Promise<void> {
  await onScreen(page, 'documents');
  await page.getByTestId(`print-${entry.applicationId}`).click();
  await onScreen(page, 'proof');
  if (proof === 'qr') await kiosk.dev({ action: 'scanner.scan', text: entry.qrText as string });
  else {
    await typeDigits(page, entry.pin as string);
    await page.getByTestId('submit-pin').click();
  }
  await onScreen(page, 'confirm');
  await page.getByTestId('confirm').click();
}

/** Text of the PDFs the simulated printer of `kind` has printed, by pdftotext. */
export function printedText(kiosk: KioskProcess, kind: 'a4' | 'card'): string[] {
  const dir = join(kiosk.dataDir, 'printed', kind);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.pdf'));
  } catch {
    return [];
  }
  return files.map((f) => execFileSync('pdftotext', ['-layout', join(dir, f), '-'], { encoding: 'utf8' }));
}
