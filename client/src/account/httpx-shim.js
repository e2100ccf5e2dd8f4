/**
 * Stands in for `httpx` in the bundles (scripts/build.mjs): the same module, but every request gets the proxy agent
 * from transport.ts. CommonJS on purpose: the SDK loads httpx with require() through __importDefault/__importStar.
 */
'use strict';
const httpx = require('httpx');
const { agentFor } = require('./transport');

module.exports = {
  ...httpx,
  request(url, opts) {
    const agent = agentFor(String(url));
    return httpx.request(url, agent ? { ...(opts || {}), agent } : opts);
  },
};
