// `npm run fake-cloud [-- --port 47101 --eips 250 --network multiZone --fault throttling]`: runs the fake VPC OpenAPI
// (and ECS DescribeSecurityGroups) so you can try the account features in VS Code without an Alibaba Cloud account.
// Builds test/fake-vpc/server.ts with esbuild first.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '47101' },
    eips: { type: 'string', default: '250' },
    packages: { type: 'string', default: '120' },
    pools: { type: 'string', default: '230' },
    fault: { type: 'string' },
    network: { type: 'string', default: 'multiZone' },
  },
});

const outDir = mkdtempSync(join(tmpdir(), 'eci-fake-cloud-'));
const outfile = join(outDir, 'fake-vpc.cjs');
await esbuild.build({ entryPoints: [join(root, 'test/fake-vpc/server.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning' });
const { startFakeVpc, FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_SECRET, FAKE_IDS } = createRequire(import.meta.url)(outfile);

const fake = await startFakeVpc({
  port: Number(values.port),
  eips: Number(values.eips),
  bandwidthPackages: Number(values.packages),
  ipPools: Number(values.pools),
  network: values.network,
  onRequest: (r) => console.log(`${new Date().toISOString()}  ${r.action || '(no action)'}  ${r.status}${r.code ? ` ${r.code}` : ''}  ${new URLSearchParams(r.query)}`),
});
if (values.fault) fake.setFault({ kind: values.fault });

console.log(`Fake Alibaba Cloud VPC and ECS API listening on ${fake.url}${values.fault ? ` (fault: ${values.fault})` : ''}, network state ${values.network}
(vSwitches ${FAKE_IDS.vswH}, ${FAKE_IDS.vswK}, ${FAKE_IDS.vswJ}; security groups ${FAKE_IDS.sgNormal}, ${FAKE_IDS.sgEnterprise})

Test AccessKey pair (fake values, accepted only by this server):
  AccessKey ID:     ${FAKE_ACCESS_KEY_ID}
  AccessKey secret: ${FAKE_ACCESS_KEY_SECRET}

1. Put this in your VS Code USER settings (settings.json); workspace and remote-machine settings are ignored for
   endpoint/protocol, and in a remote window (Remote-SSH, WSL, dev containers, code-server) you confirm them once:
  "eciAnnotations.account.endpoint": "${fake.endpoint}",
  "eciAnnotations.account.ecsEndpoint": "${fake.endpoint}",
  "eciAnnotations.account.protocol": "http",
  "eciAnnotations.account.checkInternet": true,
  "eciAnnotations.account.region": "cn-hangzhou"

2. Run "ECI: Store AccessKey…" and paste the pair above, leaving the token empty (or start VS Code with
   ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET set to it).
3. Open a pod YAML, put the cursor on k8s.aliyun.com/eci-eip-instanceid and run the code action.
   For the Internet-access line, put k8s.aliyun.com/eci-vswitch: "${FAKE_IDS.vswH},${FAKE_IDS.vswJ}" on a pod template.
Afterwards remove the override settings and run "ECI: Remove AccessKey Saved in VS Code…".

Press Ctrl+C to stop.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await fake.close();
  rmSync(outDir, { recursive: true, force: true });
  console.log(
    'Stopped. Remove eciAnnotations.account.endpoint, .ecsEndpoint and .protocol from your user settings now, or your real\ncredentials are signed for whatever listens on that port next.',
  );
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
