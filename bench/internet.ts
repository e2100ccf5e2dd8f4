/**
 * Benchmark (#10): the Internet line on a 1,000-document file, as the CodeLens (every template) and the hover (the
 * template under the cursor) compute it, with the client's real VPC calls (bundled SDK, signed HTTP) against the fake
 * cloud on 127.0.0.1. Cold = empty caches (the calls are made); warm = the cached listing per VPC. `npm run bench:internet`.
 */
import * as os from 'node:os';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createVpcAccount } from '../client/src/account/vpc';
import { getLanguageService } from '../server/src/service/languageService';
import type { NetworkAccount } from '../server/src/service/account';
import { FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_SECRET, FAKE_IDS, startFakeVpc } from '../test/fake-vpc/server';
import { deployment } from './manifests';

const RUNS = Number(process.env.ECI_BENCH_RUNS ?? 7);
const DOCUMENTS = 1000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Deployment `i` without an EIP, on two vSwitches (one covered, one not): the network path of the check. */
function template(i: number): string {
  return deployment(i).replace(
    '        k8s.aliyun.com/eci-with-eip: "true"\n        k8s.aliyun.com/eip-bandwidth: "10"\n',
    `        k8s.aliyun.com/eci-vswitch: "${FAKE_IDS.vswH},${FAKE_IDS.vswJ}"\n`,
  );
}

async function main(): Promise<void> {
  const fake = await startFakeVpc({ eips: 10, network: 'multiZone' });
  try {
    const text = Array.from({ length: DOCUMENTS }, (_, i) => template(i)).join('---\n');
    const lines = text.split('\n').length;
    const middle = text.split('\n').findIndex((l, n, all) => l === '      annotations:' && n > all.length / 2);
    const rows: string[] = [];
    const measure = async (what: string, fn: (cold: boolean) => Promise<unknown>) => {
      const cold: number[] = [];
      const warm: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        for (const [list, isCold] of [
          [cold, true],
          [warm, false],
        ] as const) {
          const t = performance.now();
          await fn(isCold);
          list.push(performance.now() - t);
        }
      }
      rows.push(`| ${what} | ${median(cold).toFixed(1)} | ${median(warm).toFixed(1)} |`);
    };
    const document = TextDocument.create('file:///bench/internet.yaml', 'yaml', 1, text);
    let session = makeSession(fake.endpoint, document);
    // A cold run starts a new service and account (its parse is not timed); the warm run after it reuses both caches.
    const fresh = (cold: boolean) => {
      if (cold) session = makeSession(fake.endpoint, document);
      return session;
    };
    let lenses = 0;
    await measure(`CodeLens: the line of all ${DOCUMENTS} templates`, async (cold) => {
      const s = fresh(cold);
      lenses = (await s.ls.checkInternet(s.model, { warn: false })).length;
    });
    await measure('the same with the warning (validation, checkInternet on)', async (cold) => {
      const s = fresh(cold);
      await s.ls.checkInternet(s.model, { warn: true });
    });
    let hover = '';
    await measure('hover on the `annotations:` key of a template in the middle', async (cold) => {
      const s = fresh(cold);
      const h = await s.ls.doAccountHover(s.model, { line: middle, character: 8 });
      hover = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value.split('\n')[0] : '';
    });
    const calls = fake.requests.length;
    console.log(
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, Node ${process.version}; ${DOCUMENTS} Deployments, ${lines} lines; median of ${RUNS} runs, ms.`,
    );
    console.log(`The client's calls through the bundled SDK to the fake cloud on 127.0.0.1 (${calls} requests in all); ${lenses} lenses; hover: ${hover}\n`);
    console.log('| what | cold (calls made) | warm (cached per VPC) |');
    console.log('|---|---:|---:|');
    for (const r of rows) console.log(r);
  } finally {
    await fake.close();
  }
}

/** A language service whose network account is the client's VPC account (fresh caches on both sides). */
function makeSession(endpoint: string, document: TextDocument) {
  const account = createVpcAccount({
    regionId: 'cn-hangzhou',
    endpoint,
    ecsEndpoint: endpoint,
    protocol: 'http',
    credentials: { accessKeyId: FAKE_ACCESS_KEY_ID, accessKeySecret: FAKE_ACCESS_KEY_SECRET },
  });
  const network: NetworkAccount = {
    region: () => account.regionId,
    vSwitches: (ids) => account.vSwitches(ids),
    vpcNetwork: (vpcId) => account.vpcNetwork(vpcId),
  };
  const ls = getLanguageService({ account: { isConnected: () => true, list: (kind) => account.list(kind), network } });
  return { ls, account, model: ls.parse(document) };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
