// esbuild plugins shared by scripts/build.mjs and scripts/notices.mjs.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const HTTPX_SHIM = join(root, 'client/src/account/httpx-shim.js');
const NO_DEBUG = join(root, 'client/src/account/no-debug.js');

/**
 * Account transport hardening (issue #7): `debug` becomes a no-op (the SDK's HTTP client would print signed headers
 * and tokens under DEBUG=httpx:*), and `httpx` goes through the shim that adds the proxy agent.
 */
export const accountTransport = {
  name: 'account-transport',
  setup(build) {
    build.onResolve({ filter: /^debug$/ }, () => ({ path: NO_DEBUG }));
    build.onResolve({ filter: /^httpx$/ }, (args) => (args.importer === HTTPX_SHIM ? { path: require.resolve('httpx') } : { path: HTTPX_SHIM }));
  },
};
