/**
 * Replaces the `debug` package in the bundles (scripts/build.mjs): the SDK's HTTP client prints signed headers,
 * security tokens and response bodies when DEBUG=httpx:* is set. Every logger here is a no-op, whatever DEBUG says.
 */
'use strict';
function createDebug() {
  const logger = function () {};
  logger.enabled = false;
  logger.namespace = '';
  logger.log = function () {};
  logger.extend = function () {
    return logger;
  };
  logger.destroy = function () {
    return true;
  };
  return logger;
}
createDebug.enable = function () {};
createDebug.disable = function () {
  return '';
};
createDebug.enabled = function () {
  return false;
};
createDebug.coerce = function (v) {
  return v;
};
createDebug.formatters = {};
createDebug.names = [];
createDebug.skips = [];
createDebug.default = createDebug;
module.exports = createDebug;
