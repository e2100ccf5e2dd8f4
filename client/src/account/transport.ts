/**
 * The HTTP transport under the SDK: proxies (CONNECT tunnels through an `http://` proxy, as the aliyun CLI does).
 * The SDK's runtime ignores its own proxy options on this path, so the build routes `httpx` through
 * `httpx-shim.js`, which asks `agentFor()` here for every request.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { bypassesProxy, type ProxySettings } from './trust';
import { l10n } from '../l10n';

/** The ECS metadata service is link-local: never through a proxy. */
const ALWAYS_DIRECT = ['100.100.100.200', 'localhost'];

let current: ProxySettings = { noProxy: [] };
const agents = new Map<string, http.Agent>();

/** Sets the proxy for every later request (one proxy per extension host, like VS Code's `http.proxy`). */
export function useProxy(settings: ProxySettings): void {
  const same = settings.url === current.url && settings.noProxy.join(',') === current.noProxy.join(',');
  current = { url: settings.url, noProxy: [...settings.noProxy] };
  if (!same) {
    for (const a of agents.values()) a.destroy();
    agents.clear();
  }
}

/** The proxy URL without credentials, for messages and logs. */
export function proxyShown(): string | undefined {
  if (!current.url) return undefined;
  try {
    const u = new URL(current.url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return l10n.t('an invalid proxy URL');
  }
}

/** The agent for `url`, or undefined to connect directly. */
export function agentFor(url: string): http.Agent | undefined {
  if (!current.url) return undefined;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  const secure = target.protocol === 'https:';
  const port = target.port || (secure ? '443' : '80');
  if (ALWAYS_DIRECT.includes(target.hostname) || bypassesProxy(`${target.hostname}:${port}`, current.noProxy)) return undefined;
  const key = `${secure ? 's' : 'p'}|${current.url}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = tunnelAgent(new URL(current.url), secure);
    agents.set(key, agent);
  }
  return agent;
}

type ConnectOptions = {
  host?: string | null;
  hostname?: string | null;
  port?: number | string | null;
  servername?: string;
  rejectUnauthorized?: boolean;
  ca?: unknown;
  key?: unknown;
  cert?: unknown;
};
type Callback = (err: Error | null, socket?: Duplex) => void;

/** An agent whose connections are CONNECT tunnels through `proxy`; TLS to the target runs inside the tunnel. */
function tunnelAgent(proxy: URL, secure: boolean): http.Agent {
  const base = secure ? https.Agent : http.Agent;
  const auth = proxy.username ? `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}` : undefined;
  class Tunnel extends base {
    override createConnection(options: ConnectOptions, cb: Callback): Duplex | undefined {
      const host = String(options.hostname ?? options.host ?? 'localhost');
      const port = String(options.port ?? (secure ? 443 : 80));
      const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
      const req = http.request({
        host: proxy.hostname,
        port: proxy.port || 80,
        method: 'CONNECT',
        path: authority,
        headers: { host: authority, ...(auth ? { 'proxy-authorization': auth } : {}) },
        agent: false,
      });
      req.once('connect', (res, socket) => {
        if (res.statusCode !== 200) {
          socket.destroy();
          cb(new Error(l10n.t('The proxy {0} refused CONNECT {1} (HTTP {2}, ECONNREFUSED). ', `${proxy.protocol}//${proxy.host}`, authority, res.statusCode ?? '')));
          return;
        }
        if (!secure) return cb(null, socket);
        const tlsOptions: tls.ConnectionOptions = { socket, servername: options.servername ?? host };
        if (options.rejectUnauthorized !== undefined) tlsOptions.rejectUnauthorized = options.rejectUnauthorized;
        if (options.ca) tlsOptions.ca = options.ca as tls.ConnectionOptions['ca'];
        cb(null, tls.connect(tlsOptions));
      });
      req.once('error', (err) => cb(err));
      req.end();
      return undefined;
    }
  }
  return new Tunnel({ keepAlive: true });
}
