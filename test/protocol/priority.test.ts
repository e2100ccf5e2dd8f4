/**
 * The validation worker runs below the main thread's priority (issue #8: on a busy machine, requests must not wait
 * behind our own validation). Over stdio against the built server, the nice value of each of its threads is read
 * from `/proc/<pid>/task/<tid>/stat` (Linux only).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDocument, startLanguageServer, type LspSession } from '../cli/lsp';

const SERVER = path.resolve(__dirname, '../../../dist/server.js');

/** The nice value of each thread of a process, by thread id (field 19 of `stat`, after the parenthesised name). */
function niceByThread(pid: number): Map<number, number> {
  const nice = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    nice.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return nice;
}

describe('validation worker priority (Linux)', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  let s: LspSession;
  before(async () => {
    s = await startLanguageServer([process.execPath, SERVER, '--stdio']);
  });
  after(() => s?.stop());

  it('runs the worker thread at a higher nice value than the thread that answers requests', async (t) => {
    const uri = 'file:///priority/pod.yaml';
    const published = s.nextDiagnostics(uri);
    openDocument(s, uri, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    k8s.aliyun.com/eci-use-specs: "2-4Gi"\n');
    const { diagnostics } = await published;
    assert.equal(diagnostics.length, 0);
    const pid = s.proc.pid!;
    const nice = niceByThread(pid);
    const main = nice.get(pid)!;
    if (main >= 19) return t.skip(`the server already runs at nice ${main}`);
    const nicer = [...nice].filter(([tid, n]) => tid !== pid && n > main);
    assert.equal(nicer.length, 1, `one thread (the worker) above the main thread's nice ${main}: ${JSON.stringify([...nice])}`);
    assert.equal(nicer[0][1], Math.min(19, main + 10));
    const line = s.logs.find((m) => m.startsWith('ECI: validation runs in a worker thread'));
    assert.ok(line?.endsWith(`, at a lower priority (nice ${main} → ${nicer[0][1]}).`), s.logs.join('\n'));
  });
});
