/**
 * Hover and completion on a made-up huge document, run a few times in idle steps after start-up, so that the first
 * real requests do not pay for compiling the parser and the focused stand-in's code on the main thread (on a fresh
 * server the first requests after an edit in a 25,000-line document took 90–230 ms, the later ones about 14 ms).
 */
import type { EciLanguageService } from './service/languageService';
import { StoredDocument } from './documents';

/** A Deployment whose pod template holds `keys` annotations: over the size at which requests use the stand-in. */
function sample(keys: number): string {
  const annotations = Array.from({ length: keys }, (_, i) => (i % 100 === 50 ? '        k8s.aliyun.com/eci-use-specs: "2-4Gi"' : `        example.com/key-${i}: "value ${i}"`));
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: warm-up\nspec:\n  template:\n    metadata:\n      annotations:\n${annotations.join('\n')}\n    spec:\n      containers:\n        - name: app\n          image: nginx\n`;
}

/** Runs the steps one per turn of the event loop (requests that arrive meanwhile are answered between them). */
export async function warmUpRequests(service: () => EciLanguageService, rounds = 6): Promise<void> {
  const uri = 'eci-warm-up:/deployment.yaml';
  const document = new StoredDocument(uri, 'yaml', 1, sample(2500));
  const next = () => new Promise((resolve) => setImmediate(resolve));
  for (let round = 0; round < rounds; round++) {
    await next();
    const line = 1000 + 100 * round;
    // An edit, as typing makes: the document store and the outline take it in.
    document.update([{ range: { start: { line: line - 8, character: 10 }, end: { line: line - 8, character: 10 } }, text: 'x' }], round + 2);
    const ls = service();
    const position = { line, character: 12 };
    ls.doHover(ls.modelAround(document, position), position);
    await next();
    await ls.doComplete(ls.modelAround(document, position), { line, character: 8 });
    ls.forget(uri);
  }
}
