/** Calls go through the user's proxy (VS Code http.proxy, HTTPS_PROXY / NO_PROXY): a local CONNECT proxy in front of the fake. */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { AccountError } from '../../client/src/account/vpc';
import { proxyFrom, bypassesProxy } from '../../client/src/account/trust';
import { useProxy } from '../../client/src/account/transport';
import { startFakeVpc, type FakeVpc } from '../fake-vpc/server';
import { accountFor, isolateHome } from './helpers';

isolateHome();

interface Proxy {
  url: string;
  connects: { authority: string; auth?: string }[];
  close(): Promise<void>;
}

/** A minimal HTTP proxy that tunnels CONNECT and records each target; `refuse` answers 403. */
async function startProxy(refuse = false): Promise<Proxy> {
  const connects: Proxy['connects'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req, client: Socket) => {
    connects.push({ authority: String(req.url), auth: req.headers['proxy-authorization'] });
    sockets.add(client);
    if (refuse) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const [host, port] = String(req.url).split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('proxies', () => {
  let fake: FakeVpc;
  let proxy: Proxy;
  before(async () => {
    fake = await startFakeVpc({ eips: 120 });
    proxy = await startProxy();
  });
  after(async () => {
    useProxy({ noProxy: [] });
    await fake.close();
    await proxy.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    proxy.connects.length = 0;
  });

  it('HTTPS_PROXY from the environment: every page goes through the proxy tunnel', async () => {
    const settings = proxyFrom(undefined, undefined, { HTTP_PROXY: proxy.url }, 'http');
    const { account } = accountFor(fake, { proxy: settings });
    assert.equal((await account.listEips()).length, 120);
    assert.ok(proxy.connects.length >= 1);
    assert.ok(
      proxy.connects.every((c) => c.authority === fake.endpoint),
      JSON.stringify(proxy.connects),
    );
    assert.equal(fake.requests.length, 2);
    assert.ok(
      fake.requests.every((r) => r.status === 200),
      'signatures still verify through the tunnel',
    );
  });

  it("VS Code's http.proxy wins over the environment, with proxy credentials", async () => {
    const withAuth = proxy.url.replace('http://', 'http://user:p%40ss@');
    const settings = proxyFrom(withAuth, [], { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' }, 'http');
    const { account } = accountFor(fake, { proxy: settings });
    await account.listBandwidthPackages();
    assert.equal(proxy.connects[0]?.auth, `Basic ${Buffer.from('user:p@ss').toString('base64')}`);
  });

  it('NO_PROXY sends the request directly', async () => {
    const settings = proxyFrom(undefined, undefined, { HTTP_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.1' }, 'http');
    const { account } = accountFor(fake, { proxy: settings });
    await account.listIpPools();
    assert.equal(proxy.connects.length, 0);
    assert.ok(fake.requests.length > 0);
  });

  it('a proxy that refuses the tunnel → Network error naming the proxy, not the secret', async () => {
    const refusing = await startProxy(true);
    try {
      const { account } = accountFor(fake, { proxy: proxyFrom(refusing.url, [], {}, 'http') });
      const err = await account.listRegions().catch((e: unknown) => e);
      assert.ok(err instanceof AccountError && err.code === 'Network', String(err));
      assert.match(err.message, new RegExp(`through the proxy ${refusing.url.replace(/[.]/g, '\\.')}`));
      assert.equal(fake.requests.length, 0);
    } finally {
      await refusing.close();
    }
  });

  it('NO_PROXY matching', () => {
    assert.equal(bypassesProxy('vpc.aliyuncs.com:443', ['.aliyuncs.com']), true);
    assert.equal(bypassesProxy('vpc.aliyuncs.com:443', ['aliyuncs.com']), true);
    assert.equal(bypassesProxy('vpc.aliyuncs.com:443', ['*.aliyuncs.com']), true);
    assert.equal(bypassesProxy('evilaliyuncs.com:443', ['aliyuncs.com']), false);
    assert.equal(bypassesProxy('127.0.0.1:8080', ['127.0.0.1:9090']), false);
    assert.equal(bypassesProxy('127.0.0.1:8080', ['127.0.0.1:8080']), true);
    assert.equal(bypassesProxy('anything:1', ['*']), true);
    assert.deepEqual(proxyFrom(undefined, undefined, { https_proxy: 'http://p:1', no_proxy: 'a, b' }, 'https'), { url: 'http://p:1', noProxy: ['a', 'b'] });
    assert.deepEqual(proxyFrom(undefined, undefined, {}, 'https'), { url: undefined, noProxy: [] });
  });
});
