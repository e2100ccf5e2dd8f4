/** The diagnostic rules: stable codes, default severities and the words settings show. */

export type RuleSeverity = 'off' | 'hint' | 'information' | 'warning' | 'error';

export interface RuleInfo {
  code: RuleCode;
  defaultSeverity: RuleSeverity;
  /** Settings description (markdown). */
  description: string;
}

export type RuleCode =
  | 'wrong-level'
  | 'non-pod-kind'
  | 'in-labels'
  | 'not-a-string'
  | 'invalid-value'
  | 'list-too-long'
  | 'missing-dependency'
  | 'conflict'
  | 'single-instance'
  | 'legacy-key'
  | 'unknown-key'
  | 'read-only'
  | 'wrong-placement'
  | 'deprecated-value'
  | 'storage-binding'
  | 'resource-not-found'
  | 'shared-fixed-address'
  | 'template-unquoted'
  | 'no-internet-access'
  | 'network-mismatch';

export const RULES: readonly RuleInfo[] = [
  {
    code: 'wrong-level',
    defaultSeverity: 'warning',
    description:
      "An ECI annotation sits where it never reaches a pod: a workload's own metadata (for controllers that do not copy it to their pods), a CronJob's `spec.jobTemplate.metadata`, an `annotations:` map at the document root, or a `spec` indented under `metadata`. Quick fix: move it to the pod template.",
  },
  { code: 'non-pod-kind', defaultSeverity: 'warning', description: 'An ECI annotation sits on a kind that never makes pods (Service, ConfigMap, …), so it has no effect.' },
  { code: 'in-labels', defaultSeverity: 'warning', description: 'An ECI annotation key is written under `labels`. ECI reads annotations only. Quick fix: move it to `annotations`.' },
  {
    code: 'not-a-string',
    defaultSeverity: 'error',
    description: 'An annotation value is an unquoted number, boolean (including YAML 1.1 `yes`/`no`/`on`/`off`) or null. The API server rejects the object. Quick fix: quote it.',
  },
  {
    code: 'invalid-value',
    defaultSeverity: 'warning',
    description: 'A value is not one ECI accepts: unknown enum value, wrong ID prefix, out-of-range number, malformed JSON or spec.',
  },
  { code: 'list-too-long', defaultSeverity: 'warning', description: 'A comma list has more items than ECI accepts (for example more than 5 specs, 3 tags or 5 security groups).' },
  {
    code: 'missing-dependency',
    defaultSeverity: 'warning',
    description: 'An annotation has no effect, or fails, without another one (for example `eip-bandwidth` without `eci-with-eip: "true"`).',
  },
  { code: 'conflict', defaultSeverity: 'warning', description: 'Two annotations contradict each other and ECI ignores one of them. Quick fix: remove the ignored one.' },
  { code: 'single-instance', defaultSeverity: 'warning', description: 'A fixed EIP or private IP is set on a template that makes more than one pod. Only one pod can ever get it.' },
  { code: 'legacy-key', defaultSeverity: 'information', description: 'A legacy key that current ECI docs replace with another. Quick fix: use the successor.' },
  {
    code: 'unknown-key',
    defaultSeverity: 'warning',
    description: 'A `k8s.aliyun.com/eci-*` key that ECI does not document, usually a typo. ECI ignores it silently. Quick fix: the closest documented key.',
  },
  { code: 'read-only', defaultSeverity: 'warning', description: 'An annotation that ECI adds to the pod after scheduling. Writing it by hand does nothing.' },
  { code: 'wrong-placement', defaultSeverity: 'warning', description: 'A pod annotation on an ImageCache, or an ImageCache annotation on a pod. The two use different keys.' },
  { code: 'deprecated-value', defaultSeverity: 'information', description: 'A value ECI no longer supports and silently replaces (for example the Tesla 525 GPU driver).' },
  {
    code: 'storage-binding',
    defaultSeverity: 'information',
    description: 'Multi-zone vSwitches or `fail-fast` combined with a `WaitForFirstConsumer` StorageClass in the same file: dynamic disks cannot be created.',
  },
  {
    code: 'shared-fixed-address',
    defaultSeverity: 'warning',
    description:
      'The same fixed EIP (`eci-eip-instanceid`) or private IP (`eci-private-ip-address`) is set on two pods or pod templates in one file. One address serves one ECI instance, so only one of the pods can get it.',
  },
  {
    code: 'template-unquoted',
    defaultSeverity: 'warning',
    description:
      'An ECI annotation takes its value from an unquoted Helm expression (`{{ .Values.x }}`). Numbers and booleans render unquoted and the API server rejects the object. Quick fix: add `| quote`.',
  },
  {
    code: 'resource-not-found',
    defaultSeverity: 'warning',
    description:
      'An EIP, shared bandwidth package, IP address pool, vSwitch or security group ID that does not exist in the configured account and region (only when `eciAnnotations.account.checkExistence` is on).',
  },
  {
    code: 'no-internet-access',
    defaultSeverity: 'warning',
    description:
      'A pod (or ImageCache) pulls images from an Internet registry (Docker Hub, ghcr.io, quay.io, …) but has no EIP, and one of its vSwitches has no SNAT entry with a `0.0.0.0/0` route to the NAT gateway: the pull fails with ImagePullBackOff (only when `eciAnnotations.account.checkInternet` is on).',
  },
  {
    code: 'network-mismatch',
    defaultSeverity: 'warning',
    description:
      "Security groups in another VPC than the pod's vSwitches or of mixed types (normal and enterprise), vSwitches of several VPCs, or a fixed private IP outside the vSwitches' CIDR: ECI does not create the pod (only when `eciAnnotations.account.checkExistence` is on).",
  },
];

export const DIAGNOSTIC_SOURCE = 'eci';

/** The comment that silences the next line: `# eci-disable-next-line [code …]`. */
export const DISABLE_NEXT_LINE = 'eci-disable-next-line';
