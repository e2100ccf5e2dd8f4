/** Secret hygiene for everything the account code says: remembered secrets, masked key IDs, scrubbed text. No `vscode`. */

const knownSecrets = new Set<string>();

/** `LTAI5tAbc…ab12` → `LTAI****ab12`; short values become `****`. */
export function maskKeyId(id: string): string {
  const s = id.trim();
  return s.length <= 8 ? '****' : `${s.slice(0, 4)}****${s.slice(-4)}`;
}

/** Remembers secrets (and full key IDs) so that `scrub()` removes them from any later text. */
export function remember(...values: (string | undefined)[]): void {
  for (const v of values) if (v && v.length >= 8) knownSecrets.add(v);
}

/** Removes secrets, full key IDs, signatures and authorization text from any text meant for users or logs. */
export function scrub(text: string, extraSecrets: readonly string[] = []): string {
  let out = String(text);
  for (const s of [...knownSecrets, ...extraSecrets].sort((a, b) => b.length - a.length)) {
    if (s) out = out.split(s).join(/^(LTAI|STS\.)/.test(s) ? maskKeyId(s) : '****');
  }
  return out
    .replace(/\b(LTAI[0-9A-Za-z]{4,}|STS\.[0-9A-Za-z]{8,})\b/g, (m) => maskKeyId(m))
    .replace(/authorization\s*[:=]\s*[^\n]*/gi, 'authorization: ****')
    .replace(/Signature=[^,&\s"']*/gi, 'Signature=****')
    .replace(/\b(access_key_secret|accessKeySecret|AccessKeySecret|security_token|securityToken|SecurityToken|sts_token)(["']?\s*[:=]\s*["']?)[^"',\s}]+/g, '$1$2****')
    .replace(/\b(ALIBABA_CLOUD_ACCESS_KEY_SECRET|ALIBABA_CLOUD_SECURITY_TOKEN)=\S+/g, '$1=****')
    .replace(/(x-acs-security-token|x-acs-bearer-token)\s*[:=]\s*\S+/gi, '$1: ****');
}
