/**
 * Mocha entry for the extension-host suite: the `extensionTestsPath` contract of @vscode/test-electron
 * (`run(): Promise<void>`, rejected when a test fails). The same file runs under code-server through
 * `test/e2e/harness/drive.mjs --ext-tests`.
 *
 * Mocha is loaded at run time from the project's node_modules (not bundled: its parallel runner uses
 * `require.resolve` on its own files, which a bundle cannot keep).
 */
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type MochaType from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  // Which VS Code and extension-host Node this run is on, for scripts/e2e.sh to print (every run, whatever the grep).
  console.log(`[e2e-versions] ${JSON.stringify({ vscode: vscode.version, node: process.versions.node, appHost: vscode.env.appHost })}`);
  const Mocha = createRequire(__filename)('mocha') as typeof MochaType;
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    // Language-server start-up is awaited inside the tests with their own deadlines; this is the backstop.
    timeout: 60_000,
    ...(process.env.ECI_E2E_GREP ? { grep: process.env.ECI_E2E_GREP } : {}),
  });
  for (const f of readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const s = runner.stats;
        // One machine-readable line for scripts/e2e.sh (and a human-readable one from the spec reporter).
        console.log(`[e2e-summary] ${JSON.stringify({ passed: s?.passes ?? 0, failed: failures, pending: s?.pending ?? 0 })}`);
        if (failures > 0) reject(new Error(`${failures} tests failed.`));
        else resolve();
      });
    } catch (err) {
      console.error(err);
      reject(err);
    }
  });
}
