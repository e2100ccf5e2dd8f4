#!/usr/bin/env node
// drive.mjs: run VS Code extensions inside a REAL VS Code (code-server = a VS Code
// server + web workbench, one of the pinned targets in targets.json, on that
// target's Node from npm) and drive it through headless Chromium
// with Playwright, the way a user would: open a file, Ctrl+Space, hover, Problems
// panel, Ctrl+. quick fixes, screenshots. Offline; needs `setup.sh` first.
//
// Usage (JSON steps):   node drive.mjs --config steps.json [--out DIR] [--keep]
// Usage (flags):        node drive.mjs --ext DIR --workspace DIR --file REL \
//                          --complete 7:5 --hover 6:40 --problems --quickfix 6:35 \
//                          --screenshot end.png
// Extension tests:      node drive.mjs --dev-ext DIR --ext-tests DIR_OR_FILE --workspace DIR
//                       (runs the Mocha runner inside the extension host, like
//                        @vscode/test-electron's extensionTestsPath; exit code = tests' code)
//
// --target NAME picks the code-server build of targets.json (default: $VSCODE_E2E_TARGET, else "newest").
// --locale TAG (or "locale" in a config) sets the display language: code-server's --locale plus a test-only language
// pack built here from the code-server's own NLS keys (see languagePack below).
//
// Positions are 1-based "line:col", exactly what VS Code's status bar shows.
// Output: results JSON on stdout and in OUT/results.json; OUT also gets
// console.log (browser console, includes "[Extension Host]" lines),
// code-server.log and the screenshots. Exit code 0 = every step ran and every
// expectation held; 1 = a step failed; 2 = usage error; 3 = harness error.
//
// Vendored from the shared vscode-e2e tool; changes for this project:
// * several pinned code-server builds (--target), each run by its own Node (setup.sh installs both); the
//   extension host gets ECI_E2E_EXPECT_VSCODE / ECI_E2E_EXPECT_NODE, the versions it must report;
// * list walks (accepting a completion, applying a quick fix) wait for the focus to move after each key and for the
//   edit to reach the editor;
// * playwright-core is loaded from the project's node_modules first (then from
//   $VSCODE_E2E_CACHE/harness, where setup.sh installs it when the project lacks it);
// * cleanup is one shared promise: a signal during a step no longer lets the normal exit path
//   end the process before code-server's group is stopped and the run dir removed;
// * a `complete` step's screenshot shows the top of the list (the list is scrolled back after reading it),
//   with the focused item's documentation when the step has "details": true;
// * "expect" also takes `matches` (regular expressions, each must match a label /
//   title / message) and `has` (objects whose fields must all equal one item's,
//   e.g. {"source": "eci", "code": "wrong-level"} for a Problems row);
// * --locale / "locale": a display language other than English, offline (see languagePack).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { createRequire } from 'node:module';
import util from 'node:util';
import { fileURLToPath } from 'node:url';

const CACHE = process.env.VSCODE_E2E_CACHE || '/tmp/vscode-e2e-cache';
const HARNESS = path.dirname(fileURLToPath(import.meta.url));
const TARGETS = JSON.parse(fs.readFileSync(path.join(HARNESS, 'targets.json'), 'utf8')).targets;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// the harness lives in <project>/test/e2e/harness
const PROJECT_ROOT = process.env.PROJECT_ROOT || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
function loadPlaywright() {
  const tried = [];
  for (const base of [path.join(PROJECT_ROOT, 'package.json'), path.join(CACHE, 'harness/package.json')]) {
    try {
      return createRequire(base)('playwright-core');
    } catch (e) {
      tried.push(`${base}: ${e.code || e.message}`);
    }
  }
  throw new Error(`playwright-core not found (run setup.sh): ${tried.join('; ')}`);
}
const T0 = Date.now();
const log = (...a) => process.stderr.write(`[drive ${((Date.now() - T0) / 1000).toFixed(1).padStart(5)}s] ${a.join(' ')}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ arguments
function usage(msg) {
  if (msg) process.stderr.write(`error: ${msg}\n`);
  const lines = fs
    .readFileSync(new URL(import.meta.url))
    .toString()
    .split('\n')
    .slice(1);
  process.stderr.write(
    lines
      .slice(
        0,
        lines.findIndex((l) => !l.startsWith('//')),
      )
      .map((l) => l.replace(/^\/\/ ?/, ''))
      .join('\n') + '\nSee README.md for the step list.\n',
  );
  process.exit(2);
}
function parseArgs(argv) {
  const cfg = { extensions: [], vsix: [], settings: {}, steps: [] };
  let fileCfg = null;
  const cliSteps = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--config': {
        const f = path.resolve(val());
        fileCfg = JSON.parse(fs.readFileSync(f, 'utf8'));
        // paths in a config file are relative to that file
        const rel = (p) => (typeof p === 'string' ? path.resolve(path.dirname(f), p) : p);
        for (const k of ['workspace', 'devExtension', 'extensionTests', 'out']) if (fileCfg[k]) fileCfg[k] = rel(fileCfg[k]);
        for (const k of ['extensions', 'vsix']) if (fileCfg[k]) fileCfg[k] = fileCfg[k].map(rel);
        break;
      }
      case '--ext':
        cfg.extensions.push(val());
        break;
      case '--vsix':
        cfg.vsix.push(val());
        break;
      case '--dev-ext':
        cfg.devExtension = val();
        break;
      case '--ext-tests':
        cfg.extensionTests = val();
        break;
      case '--workspace':
        cfg.workspace = val();
        break;
      case '--file':
        cfg.file = val();
        break;
      case '--out':
        cfg.out = val();
        break;
      case '--keep':
        cfg.keep = true;
        break;
      case '--real-home':
        cfg.realHome = true;
        break;
      case '--target':
        cfg.target = val();
        break;
      case '--locale':
        cfg.locale = val();
        break;
      case '--timeout':
        cfg.timeoutS = Number(val());
        break;
      case '--step-timeout':
        cfg.stepTimeoutMs = Number(val());
        break;
      case '--setting': {
        const [k, ...v] = val().split('=');
        const s = v.join('=');
        try {
          cfg.settings[k] = JSON.parse(s);
        } catch {
          cfg.settings[k] = s;
        }
        break;
      }
      case '--complete':
        cliSteps.push({ do: 'complete', at: val() });
        break;
      case '--hover':
        cliSteps.push({ do: 'hover', at: val() });
        break;
      case '--mouse-hover':
        cliSteps.push({ do: 'hover', at: val(), mouse: true });
        break;
      case '--problems':
        cliSteps.push({ do: 'problems' });
        break;
      case '--quickfix':
        cliSteps.push({ do: 'quickfix', at: val() });
        break;
      case '--apply-fix': {
        const s = cliSteps.findLast((x) => x.do === 'quickfix');
        if (!s) usage('--apply-fix after --quickfix');
        s.apply = val();
        break;
      }
      case '--screenshot':
        cliSteps.push({ do: 'screenshot', name: val() });
        break;
      case '-h':
      case '--help':
        usage();
        break; // usage() exits
      default:
        usage(`unknown argument ${a}`);
    }
  }
  const merged = { ...(fileCfg || {}) };
  for (const [k, v] of Object.entries(cfg)) {
    if (Array.isArray(v)) merged[k] = [...(merged[k] || []), ...v];
    else if (k === 'settings') merged[k] = { ...(merged[k] || {}), ...v };
    else if (v !== undefined) merged[k] = v;
  }
  merged.steps = [...(merged.steps || []), ...cliSteps];
  return merged;
}
const cfg = parseArgs(process.argv.slice(2));
if (!cfg.workspace) usage('--workspace (or "workspace" in the config) is required');
if (cfg.extensionTests && !cfg.devExtension) usage('--ext-tests needs --dev-ext');
const TARGET_NAME = cfg.target || process.env.VSCODE_E2E_TARGET || 'newest';
const TARGET = TARGETS[TARGET_NAME] || usage(`no target "${TARGET_NAME}" in targets.json (have: ${Object.keys(TARGETS).join(', ')})`);
const CS_ENTRY = path.join(CACHE, `code-server-${TARGET.codeServer}/node_modules/code-server/out/node/entry.js`);
const NODE = path.join(CACHE, `node-${TARGET.node}/bin/node`); // runs code-server, which forks its extension host with it
if (!fs.existsSync(CS_ENTRY) || !fs.existsSync(NODE)) usage(`code-server ${TARGET.codeServer} / node ${TARGET.node} not found in ${CACHE}: run setup.sh first`);
// "4.139.1 <commit> with Code 1.139.1", written by setup.sh
const CS_VERSION_LINE = (
  fs
    .readFileSync(path.join(CACHE, `logs/code-server-${TARGET.codeServer}/version.txt`), 'utf8')
    .split('\n')
    .find((l) => / with Code /.test(l)) || ''
).trim();
const VSCODE_VERSION = (CS_VERSION_LINE.match(/ with Code (\S+)/) || [])[1] || '';
const WS = path.resolve(cfg.workspace);
const STEP_TIMEOUT = cfg.stepTimeoutMs || 20000;
const OUT = path.resolve(cfg.out || path.join('/tmp/vscode-e2e-out', new Date().toISOString().replace(/[:.]/g, '-')));
fs.mkdirSync(OUT, { recursive: true });
const RUN = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-e2e-run-'));
const dirs = { ud: path.join(RUN, 'user-data'), ext: path.join(RUN, 'extensions'), home: path.join(RUN, 'home'), tmp: path.join(RUN, 'tmp') };
for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });

// Isolated environment: nothing is read from or written to the real $HOME.
const childEnv = { ...process.env };
for (const k of Object.keys(childEnv)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete childEnv[k];
// VS Code's IPC sockets (vscode-ipc-*.sock, vscode-git-*.sock), tsserver dirs and Chromium temp files go to RUN/tmp
childEnv.TMPDIR = dirs.tmp;
// No marketplace (open-vsx) lookups: an empty gallery config disables the gallery in code-server.
if (childEnv.EXTENSIONS_GALLERY === undefined) childEnv.EXTENSIONS_GALLERY = '{}';
// What the extension host must report (the suite checks it): the run is on the pinned build, not another one.
Object.assign(childEnv, { ECI_E2E_EXPECT_VSCODE: VSCODE_VERSION, ECI_E2E_EXPECT_NODE: TARGET.node });
if (!cfg.realHome)
  Object.assign(childEnv, {
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local/share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
  });

const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.restoreWindows': 'none',
  // VS Code *web* defaults files.autoSave to "afterDelay" (desktop: "off"); use the desktop default so
  // edits stay dirty until an explicit save, like in the real editor users run.
  'files.autoSave': 'off',
};
fs.mkdirSync(path.join(dirs.ud, 'User'), { recursive: true });
fs.writeFileSync(path.join(dirs.ud, 'User/settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...(cfg.settings || {}) }, null, 2));
const csBaseArgs = ['--config', path.join(RUN, 'code-server.yaml'), '--user-data-dir', dirs.ud, '--extensions-dir', dirs.ext];

// ------------------------------------------------------------------ processes we start (and only those get killed)
let cs = null;
let browser = null;
let cleaning = null;
let stopping = false;
// Every caller (normal end, signal, overall timeout) awaits the same cleanup, so the process never exits
// half-way through it (which would leave code-server's group running and the run dir behind).
function cleanup() {
  return (cleaning ??= doCleanup());
}
async function doCleanup() {
  if (browser) {
    const bp = browser.process?.();
    await Promise.race([browser.close().catch(() => {}), sleep(5000)]);
    if (bp && bp.exitCode === null) {
      try {
        bp.kill('SIGKILL');
      } catch {
        /* it exited meanwhile */
      }
    }
  }
  if (cs && cs.exitCode === null) {
    // code-server was spawned detached = its own process group (pgid == pid); the
    // group holds its children (server, extension host, language servers it forks).
    try {
      process.kill(-cs.pid, 'SIGTERM');
    } catch {
      /* the group is gone */
    }
    for (let i = 0; i < 50; i++) {
      try {
        process.kill(-cs.pid, 0);
      } catch {
        break;
      }
      await sleep(100);
    }
    try {
      process.kill(-cs.pid, 'SIGKILL');
      log('code-server group needed SIGKILL');
    } catch {
      /* the group is gone */
    }
  }
  // keep VS Code's own logs (remoteagent.log, exthost*/remoteexthost.log, extension output channels)
  try {
    fs.cpSync(path.join(dirs.ud, 'logs'), path.join(OUT, 'vscode-logs'), { recursive: true });
  } catch {
    /* no logs written */
  }
  if (!cfg.keep) fs.rmSync(RUN, { recursive: true, force: true });
  else log(`kept run dir ${RUN}`);
}
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, async () => {
    stopping = true;
    log(`got ${sig}, cleaning up`);
    await cleanup();
    process.exit(130);
  });
let timedOut = false;
const hardTimer = setTimeout(
  async () => {
    stopping = true;
    timedOut = true;
    log(`overall timeout ${cfg.timeoutS || 300}s hit`);
    await cleanup();
    process.exit(3);
  },
  (cfg.timeoutS || 300) * 1000,
);
hardTimer.unref();

// Workbench words the test-only language pack translates, by their exact English text (enough to show that the
// workbench itself runs in the display language; everything else falls back to English).
const PACK_WORDS = {
  'zh-cn': {
    Problems: '问题',
    Explorer: '资源管理器',
    Search: '搜索',
    Extensions: '扩展',
    Output: '输出',
    Terminal: '终端',
    'Debug Console': '调试控制台',
    Ports: '端口',
    Outline: '大纲',
    Timeline: '时间线',
    Settings: '设置',
    Manage: '管理',
    Accounts: '账户',
    'Source Control': '源代码管理',
    'Run and Debug': '运行和调试',
    'Quick Fix...': '快速修复...',
    'No problems have been detected in the workspace.': '未在工作区检测到问题。',
  },
};

// A display language offline. code-server takes the language from --locale and the workbench's text from the
// language pack that <user-data-dir>/languagepacks.json names for it: installing a vscode-loc language pack extension
// (contributes.localizations) writes that file, and the server then builds nls.messages.json from the pack's
// translations of "vscode" (keys of lib/vscode/out/nls.keys.json, by module). No pack can be downloaded here, so this
// writes the same file for a pack built from the code-server's own keys: PACK_WORDS translated, the rest English.
// It runs after the .vsix installs (an install rewrites languagepacks.json from the installed packs).
function languagePack(locale) {
  const words = PACK_WORDS[locale] || usage(`no test language pack for ${locale} (have: ${Object.keys(PACK_WORDS).join(', ')})`);
  const out = path.join(path.dirname(CS_ENTRY), '../../lib/vscode/out');
  const keys = JSON.parse(fs.readFileSync(path.join(out, 'nls.keys.json'), 'utf8'));
  const messages = JSON.parse(fs.readFileSync(path.join(out, 'nls.messages.json'), 'utf8'));
  const contents = {};
  let i = 0;
  let translated = 0;
  for (const [module, moduleKeys] of keys) {
    for (const key of moduleKeys) {
      const word = words[messages[i++]];
      if (word) {
        (contents[module] ??= {})[key] = word;
        translated++;
      }
    }
  }
  const dir = path.join(RUN, `language-pack-${locale}`);
  fs.mkdirSync(dir, { recursive: true });
  const main = path.join(dir, 'main.i18n.json');
  fs.writeFileSync(main, JSON.stringify({ version: '1.0.0', contents }));
  const pack = {
    hash: `eci-e2e-${locale}-${TARGET.codeServer}`,
    extensions: [{ extensionIdentifier: { id: `eci-e2e.language-pack-${locale}` }, version: '0.0.1' }],
    translations: { vscode: main },
    label: locale,
  };
  fs.writeFileSync(path.join(dirs.ud, 'languagepacks.json'), JSON.stringify({ [locale]: pack }));
  log(`display language ${locale}: test language pack with ${translated} workbench strings`);
}

function linkExtension(dir) {
  const abs = path.resolve(dir);
  const pj = JSON.parse(fs.readFileSync(path.join(abs, 'package.json'), 'utf8'));
  const name = `${pj.publisher}.${pj.name}-${pj.version}`;
  fs.symlinkSync(abs, path.join(dirs.ext, name));
  return `${pj.publisher}.${pj.name}`;
}

async function startCodeServer() {
  for (const v of cfg.vsix || []) {
    log(`installing ${v}`);
    const out = execFileSync(NODE, [CS_ENTRY, ...csBaseArgs, '--install-extension', path.resolve(v), '--force'], { env: childEnv, encoding: 'utf8', timeout: 120000 });
    fs.appendFileSync(path.join(OUT, 'code-server.log'), out);
  }
  if (cfg.locale) languagePack(cfg.locale);
  const linked = (cfg.extensions || []).map(linkExtension);
  if (linked.length) log(`linked extensions: ${linked.join(', ')}`);
  const args = [
    CS_ENTRY,
    ...csBaseArgs,
    '--auth',
    'none',
    '--bind-addr',
    '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
  ];
  if (cfg.locale) args.push('--locale', cfg.locale);
  // Newer VS Code web builds read extensionDevelopmentPath / extensionTestsPath from the URL payload only with the
  // smoke-test driver on (VS Code server flag; code-server >= 4.13x passes it through with --vscode-option).
  if (cfg.devExtension && fs.readFileSync(path.join(path.dirname(CS_ENTRY), 'cli.js'), 'utf8').includes('"vscode-option"')) {
    args.push('--vscode-option', 'enable-smoke-test-driver');
  }
  const logFile = fs.createWriteStream(path.join(OUT, 'code-server.log'), { flags: 'a' });
  cs = spawn(NODE, args, { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let buf = '';
  const port = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('code-server did not report its port in 60s')), 60000);
    const on = (d) => {
      logFile.write(d);
      buf += d;
      const m = buf.match(/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    };
    cs.stdout.on('data', on);
    cs.stderr.on('data', on);
    cs.on('exit', (c) => {
      clearTimeout(t);
      reject(new Error(`code-server exited early (${c}): ${buf.slice(-2000)}`));
    });
  });
  log(`code-server pid ${cs.pid} on 127.0.0.1:${port}`);
  return port;
}

// ------------------------------------------------------------------ main
const results = { ok: true, versions: {}, timings: {}, steps: [], out: OUT };
const consoleLines = [];
const automationLog = []; // workbench + extension host log lines, in extension-tests mode
let page;

async function main() {
  const { chromium } = loadPlaywright();
  Object.assign(results.versions, { target: TARGET_NAME, codeServer: CS_VERSION_LINE, vscode: VSCODE_VERSION, node: TARGET.node });
  log(`target ${TARGET_NAME}: code-server ${TARGET.codeServer} = VS Code ${VSCODE_VERSION}, node ${TARGET.node}`);
  const tStart = Date.now();
  const port = await startCodeServer();
  results.timings.codeServerUpMs = Date.now() - tStart;

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: { ...childEnv },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  results.versions.chromium = browser.version();
  const context = await browser.newContext({ viewport: cfg.viewport || { width: 1400, height: 900 } });
  page = await context.newPage();
  const consoleFile = fs.createWriteStream(path.join(OUT, 'console.log'));
  page.on('console', (m) => {
    const text = m
      .text()
      .replace(/%c/g, '')
      .replace(/ color: [^ ]+( color: )?/g, ' ')
      .trim();
    consoleLines.push(text);
    consoleFile.write(`${((Date.now() - T0) / 1000).toFixed(1)} ${m.type()} ${text}\n`);
  });
  page.on('pageerror', (e) => consoleFile.write(`pageerror ${e.message}\n`));

  const authority = `127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://${authority}${path.resolve(p)}`;
  const payload = [];
  if (cfg.file) payload.push(['openFile', remote(path.resolve(WS, cfg.file))]);
  if (cfg.devExtension) payload.push(['extensionDevelopmentPath', remote(cfg.devExtension)]);
  let testsDone;
  if (cfg.extensionTests) {
    payload.push(['extensionTestsPath', remote(cfg.extensionTests)]);
    // The web workbench reports the test runner's exit code through these hooks
    // (the same ones @vscode/test-web uses).
    testsDone = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...(args || []));
      automationLog.push(line);
      process.stderr.write(`[vscode ${type}] ${line}\n`);
    });
  }
  let url = `http://${authority}/?folder=${encodeURIComponent(WS)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  // The page load waits for code-server's first answer, which takes over 30 s (Playwright's default) on a loaded machine.
  await page.goto(url, { timeout: 120000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  results.timings.workbenchMs = Date.now() - tStart;
  log('workbench loaded');

  if (cfg.extensionTests) {
    const code = await Promise.race([testsDone, sleep((cfg.timeoutS || 300) * 1000 - 10000).then(() => 'timeout')]);
    results.extensionTests = { exitCode: code, log: automationLog };
    results.ok = code === 0;
    await page.screenshot({ path: path.join(OUT, 'tests-end.png') }).catch(() => {});
    return;
  }
  if (cfg.file) {
    await waitEditorFor(cfg.file);
    results.timings.editorMs = Date.now() - tStart;
    log(`editor open: ${cfg.file}`);
  }
  for (const [i, step] of (cfg.steps || []).entries()) {
    if (stopping) {
      results.ok = false;
      results.error = 'interrupted';
      break;
    }
    const t = Date.now();
    const rec = { i, ...step };
    try {
      if (!STEPS[step.do]) throw new Error(`unknown step ${step.do}`);
      rec.result = await STEPS[step.do](step);
      if (step.expect) {
        const problems = checkExpect(step, rec.result);
        rec.ok = problems.length === 0;
        if (!rec.ok) rec.error = `expectation failed: ${problems.join('; ')}`;
      } else rec.ok = true;
    } catch (e) {
      rec.ok = false;
      rec.error = String(e?.message || e).split('\n')[0];
    }
    rec.ms = Date.now() - t;
    if (!rec.ok) {
      results.ok = false;
      await page.screenshot({ path: path.join(OUT, `fail-step${i}.png`) }).catch(() => {});
    }
    log(`step ${i} ${step.do}${step.at ? ' @' + step.at : ''}: ${rec.ok ? 'ok' : 'FAIL ' + rec.error} (${rec.ms}ms)`);
    results.steps.push(rec);
    if (!rec.ok && cfg.stopOnError) break;
  }
}

// ------------------------------------------------------------------ helpers in the page
const visible = (sel) => page.evaluate((s) => [...document.querySelectorAll(s)].some((e) => e.checkVisibility()), sel);
async function waitVisible(sel, timeout = STEP_TIMEOUT) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await visible(sel)) return true;
    await sleep(100);
  }
  return false;
}
async function waitEditorFor(rel) {
  const base = path.basename(rel);
  const end = Date.now() + 60000;
  while (Date.now() < end) {
    const ok = await page.evaluate((b) => {
      const tab = document.querySelector('.tabs-container .tab.active');
      return !!tab && (tab.getAttribute('aria-label') || tab.textContent || '').includes(b) && !!document.querySelector('.editor-instance .monaco-editor .view-lines');
    }, base);
    if (ok) return;
    await sleep(200);
  }
  // fallback: Quick Open
  await quickInput('Control+P', rel);
  await sleep(300);
}
async function quickInput(key, text) {
  await page.keyboard.press(key);
  if (!(await waitVisible('.quick-input-widget input', 10000))) throw new Error(`quick input did not open for ${key}`);
  if (text !== undefined) await page.keyboard.type(text);
  await sleep(400);
  await page.keyboard.press('Enter');
}
function parseAt(at) {
  if (at === undefined || at === null) return null;
  if (typeof at === 'object') return [at.line, at.column ?? at.col ?? 1];
  const m = String(at).match(/^(\d+)(?::(\d+))?$/);
  if (!m) throw new Error(`bad position ${at} (want line:col, 1-based)`);
  return [Number(m[1]), Number(m[2] || 1)];
}
async function statusPos() {
  return page.evaluate(() => {
    const el = document.getElementById('status.editor.selection');
    const m = el?.textContent?.match(/Ln (\d+), Col (\d+)/);
    return m ? [Number(m[1]), Number(m[2])] : null;
  });
}
async function focusEditor() {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+1');
}
async function goto(at) {
  const pos = parseAt(at);
  if (!pos) return;
  await focusEditor();
  for (let attempt = 0; attempt < 3; attempt++) {
    await quickInput('Control+G', `${pos[0]}:${pos[1]}`);
    const end = Date.now() + 3000;
    while (Date.now() < end) {
      const p = await statusPos();
      if (p && p[0] === pos[0] && p[1] === pos[1]) return;
      await sleep(100);
    }
  }
  throw new Error(`cursor did not reach ${at} (status bar says ${await statusPos()})`);
}
async function retryUntil(fn, ok, timeout = STEP_TIMEOUT) {
  const end = Date.now() + timeout;
  let last;
  for (let attempt = 1; ; attempt++) {
    last = await fn();
    const done = ok(last);
    if (done || Date.now() > end) {
      if (last && typeof last === 'object' && attempt > 1) last.attempts = attempt; // >1 = the retry loop absorbed a not-ready state
      return last;
    }
    await sleep(700);
  }
}
const wantOk = (step, pred) => (r) => (step.expect ? checkExpect(step, r).length === 0 : pred(r));

// Walks a list widget with ArrowDown until the focused row's label satisfies `want`, then presses Enter. After each key
// it waits for the focus to move (a loaded machine renders late; pressing on would skip rows unseen).
async function walkListTo(rowSel, labelSel, want, max) {
  const focused = () =>
    page.evaluate(
      ([r, l]) => {
        const row = [...document.querySelectorAll(r)].find((e) => e.checkVisibility());
        return row ? { index: row.dataset.index, label: row.querySelector(l)?.textContent ?? '' } : null;
      },
      [rowSel, labelSel],
    );
  for (let i = 0; i <= max; i++) {
    const f = await focused();
    if (f && want(f.label)) {
      await page.keyboard.press('Enter');
      return true;
    }
    await page.keyboard.press('ArrowDown');
    const end = Date.now() + 3000;
    for (let g = await focused(); Date.now() < end && f && g && g.index === f.index; g = await focused()) await sleep(30);
  }
  return false;
}
async function editorText() {
  return page.evaluate(() => {
    const ed = [...document.querySelectorAll('.editor-instance .monaco-editor')].find((e) => e.checkVisibility());
    const lines = [...(ed?.querySelectorAll('.view-lines .view-line') || [])].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    return lines.map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n');
  });
}

// ------------------------------------------------------------------ widgets
async function readSuggest() {
  const W = '.editor-widget.suggest-widget.visible';
  if (!(await waitVisible(W, 5000))) return { items: [], message: 'suggest widget did not open' };
  // wait for loading to finish
  let msg = '';
  for (let i = 0; i < 50; i++) {
    msg = await page.evaluate((w) => {
      const m = document.querySelector(`${w} .message`);
      return m && m.checkVisibility() ? m.textContent : '';
    }, W);
    if (!/Loading/i.test(msg)) break;
    await sleep(100);
  }
  if (msg) return { items: [], message: msg };
  const seen = new Map();
  let size = 0;
  let stale = 0;
  let pages = 0;
  for (let i = 0; i < 200 && stale < 3; i++) {
    const rows = await page.$$eval(`${W} .monaco-list-row`, (els) =>
      els.map((e) => ({
        index: Number(e.dataset.index),
        size: Number(e.getAttribute('aria-setsize')),
        label: e.querySelector('.label-name')?.textContent ?? '',
        detail: e.querySelector('.details-label')?.textContent || undefined,
        description: e.querySelector('.qualifier-label')?.textContent || e.querySelector('.signature-label')?.textContent || undefined,
        kind: (e.querySelector('.suggest-icon')?.className.match(/codicon-symbol-([\w-]+)/) || [])[1],
      })),
    );
    const before = seen.size;
    for (const r of rows) {
      size = r.size;
      const { index, size: _s, ...rest } = r;
      seen.set(index, rest);
    }
    if (seen.size >= size) break;
    stale = seen.size === before ? stale + 1 : 0;
    await page.keyboard.press('PageDown');
    pages++;
    await sleep(80);
  }
  const items = [...seen.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  return { items, labels: items.map((x) => x.label), total: size, pages };
}

async function readHover() {
  return page.evaluate(() => {
    const hovers = [...document.querySelectorAll('.monaco-hover')].filter((h) => h.checkVisibility() && !h.classList.contains('hidden'));
    const rows = [];
    for (const h of hovers) {
      for (const r of h.querySelectorAll('.hover-row')) {
        if (r.classList.contains('status-bar')) continue;
        const marker = r.querySelector('.marker.hover-contents');
        const text = marker
          ? [...marker.children]
              .map((c) => c.textContent.trim())
              .filter(Boolean)
              .join(' ')
          : (r.innerText || '').trim();
        if (text) rows.push({ kind: marker ? 'marker' : 'content', text });
      }
    }
    return rows;
  });
}

async function readCodeActions() {
  return page.evaluate(() => {
    const w = [...document.querySelectorAll('.action-widget')].find((e) => e.checkVisibility());
    if (!w) return null;
    return [...w.querySelectorAll('.monaco-list-row')]
      .sort((a, b) => a.dataset.index - b.dataset.index)
      .map((r) =>
        r.classList.contains('group-header')
          ? { header: r.textContent.trim() }
          : { title: r.querySelector('.title')?.textContent ?? r.getAttribute('aria-label'), disabled: r.classList.contains('option-disabled') || undefined },
      );
  });
}

async function readProblems() {
  const rows = new Map();
  let stale = 0;
  const list = page.locator('.markers-panel .monaco-list').first();
  for (let i = 0; i < 100 && stale < 2; i++) {
    const got = await page.$$eval('.markers-panel .monaco-list-row', (els) =>
      els.map((e) => {
        const icon = e.querySelector('.marker-icon');
        if (!icon) return { index: Number(e.dataset.index), file: e.querySelector('.monaco-icon-label')?.getAttribute('aria-label') || e.textContent.trim() };
        const lc = (e.querySelector('.marker-line')?.textContent || '').match(/Ln (\d+), Col (\d+)/);
        const q = (s) => e.querySelector(s)?.textContent?.trim() || undefined;
        return {
          index: Number(e.dataset.index),
          level: Number(e.getAttribute('aria-level')),
          severity: ['error', 'warning', 'info'].find((c) => icon.classList.contains(c)) || 'hint',
          message: q('.marker-message'),
          source: q('.marker-source'),
          code: q('.marker-code'),
          line: lc ? Number(lc[1]) : undefined,
          column: lc ? Number(lc[2]) : undefined,
          quickFix: icon.classList.contains('quickFix') || undefined,
        };
      }),
    );
    const before = rows.size;
    for (const r of got) rows.set(r.index, r);
    stale = rows.size === before ? stale + 1 : 0;
    if (got.length < 8) break; // everything fits, no need to scroll
    await list.hover().catch(() => {});
    await page.mouse.wheel(0, 150);
    await sleep(100);
  }
  const items = [];
  let file;
  for (const [, r] of [...rows.entries()].sort((a, b) => a[0] - b[0])) {
    if (r.file !== undefined) {
      file = r.file;
      continue;
    }
    const { index, level, ...rest } = r;
    items.push({ file, ...rest, related: level > 2 || undefined });
  }
  return { items, messages: items.map((x) => x.message), count: items.length };
}

// ------------------------------------------------------------------ steps
const STEPS = {
  async open(s) {
    await focusEditor();
    await quickInput('Control+P', s.file);
    await waitEditorFor(s.file);
    return { file: s.file };
  },
  async goto(s) {
    await goto(s.at);
    return { at: await statusPos() };
  },
  async type(s) {
    if (s.at) await goto(s.at);
    await page.keyboard.type(s.text, { delay: s.delay ?? 30 });
    return {};
  },
  async insert(s) {
    if (s.at) await goto(s.at);
    await page.keyboard.insertText(s.text);
    return {};
  },
  async press(s) {
    for (const k of [].concat(s.keys || s.key)) {
      await page.keyboard.press(k);
      await sleep(s.delay ?? 100);
    }
    return {};
  },
  async wait(s) {
    await sleep(s.ms ?? 1000);
    return {};
  },
  async eval(s) {
    return { value: await page.evaluate(s.js) };
  }, // debugging aid: JS expression evaluated in the workbench page
  async command(s) {
    await quickInput('F1', s.name);
    await sleep(s.settleMs ?? 500);
    return {};
  },
  // Answers a notification as a user does: waits for the one whose button is labelled `button` (exactly) to show, in a
  // toast or in the notification centre (opened through the command palette when no toast has it), clicks that
  // button and waits for the notification to go. Returns the notification's message.
  async notification(s) {
    const end = Date.now() + (s.timeoutMs ?? STEP_TIMEOUT);
    const items = page.locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item');
    const target = () => items.filter({ has: page.getByRole('button', { name: s.button, exact: true }) });
    let opened = false;
    while (Date.now() < end) {
      const visibleOnes = [];
      for (const item of await target().all()) if (await item.isVisible()) visibleOnes.push(item);
      if (visibleOnes.length) {
        const item = visibleOnes[0];
        const message = ((await item.locator('.notification-list-item-message').first().textContent()) ?? '').trim();
        await item.getByRole('button', { name: s.button, exact: true }).click();
        const gone = await retryUntil(
          async () => {
            for (const x of await target().all()) if (await x.isVisible()) return false;
            return true;
          },
          (x) => x,
          10000,
        );
        if (!gone) throw new Error(`the notification with "${s.button}" stayed after the click`);
        return { text: message, clicked: s.button };
      }
      if (!opened && !(await visible('.notifications-center.visible'))) {
        await STEPS.command({ name: 'Notifications: Show Notifications', settleMs: 300 });
        opened = true;
      }
      await sleep(300);
    }
    throw new Error(`no notification with a "${s.button}" button`);
  },
  async screenshot(s) {
    const p = path.join(OUT, s.name || `step-${Date.now()}.png`);
    await page.screenshot({ path: p, fullPage: false });
    return { path: p };
  },
  async save(s) {
    const file = path.resolve(WS, s.path || cfg.file);
    const before = fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
    const dirty = () => page.evaluate(() => !!document.querySelector('.tabs-container .tab.active.dirty'));
    const wasDirty = await dirty();
    await page.keyboard.press('Control+S');
    // done when the tab is clean and (if there was something to save) the file on disk changed
    const ok = await retryUntil(
      async () => !(await dirty()) && (!wasDirty || (fs.existsSync(file) && fs.statSync(file).mtimeMs !== before)),
      (x) => x,
      20000,
    );
    if (!ok) throw new Error('save did not reach the disk within 20s');
    return { wasDirty };
  },
  async readFile(s) {
    return { text: fs.readFileSync(path.resolve(WS, s.path || cfg.file), 'utf8') };
  },
  async text() {
    return { text: await editorText() };
  },
  async waitForConsole(s) {
    const re = new RegExp(s.pattern);
    const end = Date.now() + (s.timeoutMs ?? STEP_TIMEOUT);
    while (Date.now() < end) {
      const l = consoleLines.find((x) => re.test(x));
      if (l) return { line: l };
      await sleep(200);
    }
    throw new Error(`no console line matched /${s.pattern}/`);
  },
  async complete(s) {
    await goto(s.at);
    const r = await retryUntil(
      async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+Space');
        return readSuggest();
      },
      wantOk(s, (x) => x.items.length > 0),
      s.timeoutMs,
    );
    if (s.screenshot) {
      for (let i = 0; i < (r.pages || 0); i++) {
        await page.keyboard.press('PageUp');
        await sleep(40);
      } // back to the top of the list
      if (s.details) {
        // Ctrl+Space on an open list toggles the focused item's documentation, and VS Code remembers the choice (an
        // earlier step's retry may have left it open): press it only while the details stay closed.
        const details = '.suggest-details-container .suggest-details';
        const end = Date.now() + (s.timeoutMs ?? STEP_TIMEOUT);
        let open = await waitVisible(details, 1000);
        while (!open && Date.now() < end) {
          await page.keyboard.press('Control+Space');
          open = await waitVisible(details, 3000);
        }
        if (!open) throw new Error('suggestion details did not open');
      }
      await sleep(350);
      await page.screenshot({ path: path.join(OUT, s.screenshot) }); // let fade-in animations finish
    }
    if (s.accept) {
      // re-open and walk the list with the keyboard until the wanted label is focused, then Enter
      // Under load the re-opened list can still be filling when the walk starts: try a few times.
      const before = await editorText();
      let found = false;
      for (let attempt = 0; attempt < 3 && !found; attempt++) {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+Space');
        await waitVisible('.editor-widget.suggest-widget.visible', 5000);
        found = await walkListTo('.editor-widget.suggest-widget.visible .monaco-list-row.focused', '.label-name', (l) => l === s.accept, r.total || 0);
      }
      if (!found) throw new Error(`completion "${s.accept}" not found`);
      await retryUntil(editorText, (t) => t !== before, 10000); // the insertion reached the editor
      r.accepted = s.accept;
    } else await page.keyboard.press('Escape');
    return r;
  },
  async hover(s) {
    await goto(s.at);
    const r = await retryUntil(
      async () => {
        await page.keyboard.press('Escape');
        if (s.mouse) {
          const box = await page.locator('.editor-instance .monaco-editor.focused .cursors-layer .cursor').first().boundingBox();
          if (!box) throw new Error('no cursor on screen');
          await page.mouse.move(5, 5);
          await page.mouse.move(box.x + 4, box.y + box.height / 2, { steps: 3 });
        } else {
          await page.keyboard.press('Control+K');
          await page.keyboard.press('Control+I'); // editor.action.showHover
        }
        // hover parts arrive one by one (markers first, provider results later): wait up to 4 s for
        // a non-empty, non-loading row set that stays unchanged for 400 ms
        let rows = [];
        let same = 0;
        let prev = '';
        for (let i = 0; i < 40 && same < 4; i++) {
          await sleep(100);
          rows = await readHover();
          const key = JSON.stringify(rows);
          same = rows.length && !rows.some((x) => /^Loading\.\.\.$/.test(x.text)) && key === prev ? same + 1 : 0;
          prev = key;
        }
        return { rows, text: rows.map((x) => x.text).join('\n---\n') };
      },
      wantOk(s, (x) => x.rows.length > 0),
      s.timeoutMs,
    );
    if (s.screenshot) {
      await sleep(350);
      await page.screenshot({ path: path.join(OUT, s.screenshot) });
    } // let fade-in animations finish
    await page.keyboard.press('Escape');
    if (s.mouse) await page.mouse.move(5, 5);
    return r;
  },
  async quickfix(s) {
    await goto(s.at);
    const r = await retryUntil(
      async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+.');
        let items = null;
        for (let i = 0; i < 30 && !items; i++) {
          await sleep(100);
          items = await readCodeActions();
        }
        const actions = (items || []).filter((x) => x.title);
        return { items: items || [], titles: actions.map((x) => x.title) };
      },
      wantOk(s, (x) => x.titles.length > 0),
      s.timeoutMs,
    );
    if (s.screenshot) {
      await sleep(350);
      await page.screenshot({ path: path.join(OUT, s.screenshot) });
    } // let fade-in animations finish
    if (s.apply) {
      // walk the action list with the keyboard (clicking is racy while the widget animates)
      const before = await editorText();
      if (!(await walkListTo('.action-widget .monaco-list-row.action.focused', '.title', (l) => l.includes(s.apply), r.items.length))) {
        throw new Error(`quick fix "${s.apply}" not offered (got ${JSON.stringify(r.titles)})`);
      }
      await retryUntil(
        () => readCodeActions(),
        (x) => x === null,
        5000,
      );
      // newer VS Code applies the edit a moment after the widget closes: wait for it, so a following save sees it
      r.changed = (await retryUntil(editorText, (t) => t !== before, 10000)) !== before;
      r.applied = s.apply;
    } else await page.keyboard.press('Escape');
    return r;
  },
  async problems(s) {
    if (!(await visible('.markers-panel'))) {
      await page.keyboard.press('Control+Shift+M');
      if (!(await waitVisible('.markers-panel', 10000))) throw new Error('Problems panel did not open');
    }
    let prev = null;
    const r = await retryUntil(
      async () => {
        await sleep(300);
        return readProblems();
      },
      (x) => {
        if (s.expect) return checkExpect(s, x).length === 0;
        const same = prev && JSON.stringify(prev) === JSON.stringify(x);
        prev = x;
        return same;
      },
      s.timeoutMs,
    );
    if (s.screenshot) {
      await sleep(350);
      await page.screenshot({ path: path.join(OUT, s.screenshot) });
    } // let fade-in animations finish
    await page.keyboard.press('Control+1'); // focus back to the editor
    return r;
  },
};

function checkExpect(step, r) {
  const e = step.expect;
  const bad = [];
  const list = r.labels || r.titles || r.messages || (r.rows ? r.rows.map((x) => x.text) : null);
  const hay = r.text ?? (list ? list.join('\n') : JSON.stringify(r));
  const exact = ['complete', 'quickfix'].includes(step.do); // labels/titles must match exactly
  for (const want of e.includes || []) {
    const hit = exact && list ? list.includes(want) : hay.includes(want);
    if (!hit) bad.push(`missing ${JSON.stringify(want)}`);
  }
  for (const no of e.excludes || []) {
    const hit = exact && list ? list.includes(no) : hay.includes(no);
    if (hit) bad.push(`unexpected ${JSON.stringify(no)}`);
  }
  // `matches`: each regular expression matches at least one label/title/message (or the text)
  for (const re of e.matches || []) {
    const rx = new RegExp(re);
    if (!(list || [hay]).some((x) => rx.test(x))) bad.push(`nothing matches /${re}/`);
  }
  // `has`: each object's fields all equal those of at least one of r.items (e.g. a problem's source, code, line)
  for (const want of e.has || []) {
    if (!(r.items || []).some((it) => it && Object.entries(want).every(([k, v]) => it[k] === v))) bad.push(`no item with ${JSON.stringify(want)}`);
  }
  if (e.count !== undefined && list && list.length !== e.count) bad.push(`count ${list.length} != ${e.count}`);
  if (e.min !== undefined && list && list.length < e.min) bad.push(`count ${list.length} < ${e.min}`);
  if (e.equals !== undefined && hay !== e.equals) bad.push('text differs');
  return bad;
}

let exitCode;
try {
  await main();
  exitCode = results.ok ? 0 : 1;
} catch (e) {
  log(`harness error: ${e.stack || e}`);
  results.ok = false;
  results.error = String(e?.message || e);
  if (page) await page.screenshot({ path: path.join(OUT, 'harness-error.png') }).catch(() => {});
  exitCode = 3;
} finally {
  if (stopping) {
    results.ok = false;
    results.error ??= timedOut ? 'overall timeout' : 'interrupted';
  }
  results.timings.totalMs = Date.now() - T0;
  await cleanup();
  results.timings.withCleanupMs = Date.now() - T0;
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2));
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  log(`${results.ok ? 'OK' : 'FAILED'}; artifacts in ${OUT}`);
}
process.exit(timedOut ? 3 : stopping ? 130 : exitCode);
