/** Shared setup for the cloud tests: isolated HOME and env, and an account wired to the fake VPC server. */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { after } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVpcAccount, type VpcAccount, type VpcAccountOptions } from '../../client/src/account/vpc';
import { FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_SECRET, type FakeVpc } from '../fake-vpc/server';

export { FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_SECRET };

/**
 * Every outgoing connection of a cloud-test file, by host: after the file's tests, anything but 127.0.0.1 fails the
 * file. The listener for hosts other than the configured one: no test may reach the real Alibaba Cloud, the ECS
 * metadata service, or a host a setting smuggled into a URL.
 */
export const outboundHosts: string[] = [];
// eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .apply(this, args) on the socket being connected
const connect = Socket.prototype.connect as (...args: unknown[]) => Socket;
(Socket.prototype as unknown as { connect: (...args: unknown[]) => Socket }).connect = function (this: Socket, ...args: unknown[]) {
  // net.createConnection passes its normalized arguments as one array: [options, callback].
  const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { host?: string; path?: string } | number | string;
  const host = typeof first === 'object' && first !== null ? (first.path ? 'ipc' : (first.host ?? 'localhost')) : typeof args[1] === 'string' ? args[1] : 'localhost';
  outboundHosts.push(String(host));
  return connect.apply(this, args);
};
after(() => {
  // `.invalid` names never resolve (RFC 2606): the DNS-failure test uses one on purpose.
  assert.deepEqual(
    outboundHosts.filter((h) => h !== '127.0.0.1' && h !== 'ipc' && !h.endsWith('.invalid')),
    [],
    'a cloud test connected to a host other than 127.0.0.1',
  );
});

const homes: string[] = [];
process.on('exit', () => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

/** Points HOME at a fresh temp dir (removed at exit) and removes every ALIBABA_CLOUD_* variable. Returns the dir. */
export function isolateHome(): string {
  for (const k of Object.keys(process.env)) if (k.startsWith('ALIBABA_CLOUD_')) delete process.env[k];
  const home = mkdtempSync(join(tmpdir(), 'eci-cloud-home-'));
  homes.push(home);
  process.env.HOME = home;
  process.env.USERPROFILE = home;
  return home;
}

/** Writes `~/.aliyun/config.json` under `home`. */
export function writeCliConfig(home: string, config: unknown): void {
  mkdirSync(join(home, '.aliyun'), { recursive: true });
  writeFileSync(join(home, '.aliyun', 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
}

/** Writes `~/.alibabacloud/credentials` under `home`. */
export function writeIniCredentials(home: string, text: string): void {
  mkdirSync(join(home, '.alibabacloud'), { recursive: true });
  writeFileSync(join(home, '.alibabacloud', 'credentials'), text);
}

export interface Harness {
  account: VpcAccount;
  logs: string[];
}

/** An account on the fake endpoint (VPC and ECS) with the fake static keys, fast retries and a log sink. */
export function accountFor(fake: FakeVpc, extra: Partial<VpcAccountOptions> = {}): Harness {
  const logs: string[] = [];
  const account = createVpcAccount({
    regionId: 'cn-hangzhou',
    endpoint: fake.endpoint,
    ecsEndpoint: fake.endpoint,
    protocol: 'http',
    credentials: { accessKeyId: FAKE_ACCESS_KEY_ID, accessKeySecret: FAKE_ACCESS_KEY_SECRET },
    retry: { attempts: 3, baseDelayMs: 1 },
    log: (line) => logs.push(line),
    ...extra,
  });
  return { account, logs };
}

/** Requests of one action. */
export function requestsOf(fake: FakeVpc, action: string) {
  return fake.requests.filter((r) => r.action === action);
}
