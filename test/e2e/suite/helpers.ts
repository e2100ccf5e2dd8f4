/** Shared helpers for the extension-host suite. Every wait is event- or condition-based with a deadline. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'eci-annotations.eci-annotations';
export const SOURCE = 'eci';

/** Long enough for a cold language-server start on a slow CI machine; a passing run never waits this long. */
export const DEADLINE_MS = 30_000;

export function workspaceUri(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder (test/e2e/workspace, copied)');
  return vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
}

export async function readWorkspaceFile(rel: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri(rel)));
}

export async function openFixture(rel: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(rel));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  assert.equal(doc.languageId, 'yaml', `${rel} should open as yaml`);
  return { doc, editor };
}

/** Throws away unsaved changes in the active editor and closes it, so tests do not see each other's edits. */
export async function revertAndClose(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/**
 * Polls `probe` until `ok` holds or the deadline passes (for provider results, which have no change
 * event: the language server may still be starting). Fails with the last value seen.
 */
export async function until<T>(what: string, probe: () => Thenable<T> | T, ok: (v: T) => boolean, ms = DEADLINE_MS): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  let lastError: unknown;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    try {
      last = await probe();
      lastError = undefined;
      if (ok(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= end) break;
    await new Promise((r) => setTimeout(r, delay));
  }
  const seen = lastError ? `error ${lastError instanceof Error ? String(lastError) : short(lastError)}` : `last value ${short(last)}`;
  throw new Error(`timed out after ${ms} ms waiting for ${what}; ${seen}`);
}

/** Resolves with the document's diagnostics as soon as `ok` holds, driven by `onDidChangeDiagnostics`. */
export function diagnosticsWhen(uri: vscode.Uri, ok: (d: vscode.Diagnostic[]) => boolean, what: string, ms = DEADLINE_MS): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const d = vscode.languages.getDiagnostics(uri);
      if (!ok(d)) return false;
      done();
      resolve(d);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}; diagnostics now: ${short(vscode.languages.getDiagnostics(uri).map(describe))}`));
    }, ms);
    const done = (): void => {
      clearTimeout(timer);
      sub.dispose();
    };
    check();
  });
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c);
}

export const eciDiagnostics = (ds: vscode.Diagnostic[], code?: string): vscode.Diagnostic[] => ds.filter((d) => d.source === SOURCE && (code === undefined || codeOf(d) === code));

export function describe(d: vscode.Diagnostic): string {
  return `${d.source}/${codeOf(d)} L${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`;
}

/** The position of the `nth` occurrence of `needle` (plus `delta` characters). */
export function positionOf(doc: vscode.TextDocument, needle: string, delta = 0, nth = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (#${nth}) not found in ${doc.uri.path}`);
  }
  return doc.positionAt(at + delta);
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

export async function completionAt(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.CompletionList> {
  return vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
}

export async function hoverText(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

/** Quick fixes for a range, with edits resolved (the server may fill them in through codeAction/resolve). */
export async function quickFixes(doc: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const got = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, range, vscode.CodeActionKind.QuickFix.value, 50);
  // A bare Command has `command: string`; a CodeAction's `command` is optional and an object.
  return (got ?? []).filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

/** Applies a code action the way the editor does: its edit first, then its command. */
export async function applyCodeAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `workspace.applyEdit refused "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...((action.command.arguments ?? []) as unknown[]));
}

/** Waits until the document's text satisfies `ok` (edits applied through the API land asynchronously in the renderer). */
export function textWhen(doc: vscode.TextDocument, ok: (text: string) => boolean, what: string, ms = DEADLINE_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    if (ok(doc.getText())) return resolve(doc.getText());
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && ok(doc.getText())) {
        clearTimeout(timer);
        sub.dispose();
        resolve(doc.getText());
      }
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}; text now:\n${doc.getText()}`));
    }, ms);
  });
}

export function short(v: unknown): string {
  const s = typeof v === 'string' ? v || '""' : JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 600 ? `${s.slice(0, 600)}…` : s;
}

/** The extension's exported status (client/src/extension.ts `EciAnnotationsApi`). */
export interface AccountStatus {
  problem?: string;
  host?: string;
  usable: boolean;
  pending: string[];
  /** The open vSwitch or security group picker: the IDs it lists and those checked, and whether it is still loading. */
  picker?: { kind: string; ids: string[]; selected: string[]; busy: boolean };
}
export async function accountStatus(): Promise<AccountStatus> {
  const ext = vscode.extensions.getExtension<{ accountStatus(): AccountStatus }>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  return api.accountStatus();
}

/**
 * Answers the extension's confirmation prompts the way a user does from the keyboard: "Accept Notification Primary
 * Action" on each prompt (the yes button), until no setting waits for confirmation.
 */
export async function confirmAccountPrompts(expected: RegExp): Promise<void> {
  const first = await until('a setting waiting for confirmation', accountStatus, (s) => s.pending.some((k) => expected.test(k)));
  assert.ok(first.pending.length > 0);
  await until(
    'the confirmation prompts to be accepted',
    async () => {
      const s = await accountStatus();
      if (s.pending.length) await vscode.commands.executeCommand('notification.acceptPrimaryAction');
      return (await accountStatus()).pending;
    },
    (pending) => pending.length === 0,
  );
}
