/**
 * The ECI annotation catalogue: one record per documented key, as researched in
 * `/work/shared/domain/eci-annotations.md` (§1.5 and §2–§8c for the keys, §9 for the cross-key rules).
 * Completion, hover and diagnostics read it; nothing here is computed at run time.
 */
import type { Annotation, Relation, RoutingLabel } from './types';

// ---------------------------------------------------------------------------------------------------------------------
// Sources (§0 of the domain doc)

/** A1: the ECI "Pod Annotation" table. */
const A1 = 'https://www.alibabacloud.com/help/en/eci/user-guide/pod-annotations-1';
/** A4: "Enable Internet access" (the EIP annotations). */
const A4 = 'https://www.alibabacloud.com/help/en/eci/user-guide/enable-internet-access-1';
/** IC: "ImageCache Annotation". */
const IC = 'https://help.aliyun.com/zh/eci/user-guide/annotations-that-can-be-added-to-create-an-image-cache';
/** BR: elastic ECI scheduling with `alibabacloud.com/burst-resource` (discontinued). */
const BR = 'https://www.alibabacloud.com/help/en/document_detail/207460.html';
/** ESS: Auto Scaling `ApplyScalingGroup`. */
const ESS = 'https://www.alibabacloud.com/help/en/auto-scaling/developer-reference/api-ess-2014-08-28-applyscalinggroup';
/** VK: scheduling pods to the virtual node. */
const VK = 'https://help.aliyun.com/en/eci/user-guide/schedule-pods-to-virtual-kubelet';

/** A per-feature ECI page (P:<slug>). */
function page(slug: string): string {
  return `https://help.aliyun.com/zh/eci/user-guide/${slug}`;
}

const SPOT_PAGE = page('create-a-preemptible-elastic-container-instance-2');
const IMC_PAGE = page('use-imagecache-to-accelerate-the-creation-of-pods');
const DATA_CACHE_PAGE = page('create-a-pod-using-datacache');
const IPV6_PAGE = page('assign-an-ipv6-address-to-an-elastic-container-instance');
const FIXED_IP_PAGE = page('configure-an-elastic-container-instance-pod-to-use-a-fixed-ip-address');
const MULTI_ZONE_PAGE = page('create-pods-in-multiple-zones');
const FAULT_PAGE = page('configure-a-fault-handling-policy-for-a-pod');
const SPECS_PAGE = page('create-pods-by-specifying-multiple-specifications');
const PRIVATE_POOL_PAGE = page('use-the-private-pool-of-an-elasticity-assurance-to-create-a-pod');
const REGISTRY_PAGE = page('use-self-managed-image-repositories-1');
const BANDWIDTH_PAGE = page('configure-the-bandwidth-of-a-pod');

// ---------------------------------------------------------------------------------------------------------------------
// Shared pieces

const IPV4 = '^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$';
const RAM_ROLE_ARN = '^acs:ram::[0-9*]+:role/\\S+$';
const REGISTRY_HOST = '^[A-Za-z0-9*.-]+(:\\d+)?$';

const WITH_EIP = 'k8s.aliyun.com/eci-with-eip';
const AUTO_CREATE_EIP = 'k8s.aliyun.com/auto-create-eip';

/** R3 on a pod: the EIP options describe the EIP that `eci-with-eip` creates. */
const NEEDS_WITH_EIP: Relation = {
  key: WITH_EIP,
  values: ['true'],
  placement: 'pod',
  why: 'It configures the EIP that ECI creates for the pod, so without that EIP it is ignored.',
};

/** R3 on an ImageCache: the same options describe the EIP that `auto-create-eip` creates. */
const NEEDS_AUTO_CREATE_EIP: Relation = {
  key: AUTO_CREATE_EIP,
  values: ['true'],
  placement: 'imageCache',
  why: 'It configures the EIP that ECI creates for the image cache, so without that EIP it is ignored.',
};

const NEEDS_SPOT_STRATEGY: Relation = {
  key: 'k8s.aliyun.com/eci-spot-strategy',
  why: 'It applies only to spot instances; without a spot strategy the pod is pay-as-you-go and the option is ignored.',
};

const NEEDS_DATA_CACHE_BUCKET: Relation = {
  key: 'k8s.aliyun.com/eci-data-cache-bucket',
  why: 'It configures the disk that ECI creates for a DataCache, so without a DataCache it is ignored.',
};

const SYSTEM_NOTE = 'ECI adds this annotation to the pod after scheduling; writing it by hand has no effect.';

// ---------------------------------------------------------------------------------------------------------------------
// The catalogue

export const ANNOTATIONS: readonly Annotation[] = [
  // ---- §2.1 EIP ------------------------------------------------------------------------------------------------------
  {
    key: 'k8s.aliyun.com/eci-eip-instanceid',
    counterpart: 'k8s.aliyun.com/eip-instance-id',
    summary: 'Associate an existing EIP with the pod.',
    doc:
      'Associates an existing elastic IP address (EIP), given by its allocation ID, with the ECI pod. ' +
      'One EIP can be associated with only one ECI instance, so use it only where the template makes a single pod. ' +
      "The EIP must be in the same region as the cluster, and the pod's security group must allow the inbound ports.",
    value: { kind: 'id', prefix: 'eip-' },
    example: 'eip-bp1q5n8cq4p7f6dzu****',
    placement: ['pod'],
    group: 'EIP',
    singleInstance: true,
    pick: 'eip',
    conflicts: [
      {
        key: WITH_EIP,
        values: ['true'],
        why: 'When ECI auto-creates an EIP the one you specify is not used.',
      },
    ],
    source: A4,
  },
  {
    key: WITH_EIP,
    counterpart: AUTO_CREATE_EIP,
    summary: 'Create a new EIP for the pod and associate it.',
    doc:
      'When `"true"`, ECI creates a pay-as-you-go EIP and associates it with the pod. ' +
      'The EIP lifecycle follows the pod: deleting the pod releases the EIP. ' +
      'In a Deployment every replica gets its own new EIP, so use it with care. ' +
      'Configure the new EIP with the `k8s.aliyun.com/eip-*` annotations.',
    value: { kind: 'boolean' },
    default: 'false',
    example: 'true',
    placement: ['pod'],
    group: 'EIP',
    source: A4,
  },
  {
    key: 'k8s.aliyun.com/eip-bandwidth',
    summary: 'Peak bandwidth (Mbit/s) of the auto-created EIP.',
    doc: 'Peak bandwidth, in Mbit/s, of the EIP that ECI creates automatically. ' + 'Write a bare number, without a unit. ECI documents no upper limit.',
    value: { kind: 'integer', min: 1, unit: 'Mbit/s' },
    default: '5',
    example: '10',
    placement: ['pod', 'imageCache'],
    group: 'EIP',
    requires: [NEEDS_WITH_EIP, NEEDS_AUTO_CREATE_EIP],
    source: A4,
  },
  {
    key: 'k8s.aliyun.com/eip-common-bandwidth-package-id',
    summary: 'Add the auto-created EIP to an Internet Shared Bandwidth package.',
    doc:
      'Adds the EIP that ECI creates to an existing Internet Shared Bandwidth (common bandwidth package), given by its `cbwp-` ID. ' +
      'Old docs misspell the key as `eip-common-bandwith-package-id` (missing "d"); ECI ignores that spelling.',
    value: { kind: 'id', prefix: 'cbwp-' },
    example: 'cbwp-2zeukbj916scmj51m****',
    placement: ['pod', 'imageCache'],
    group: 'EIP',
    requires: [NEEDS_WITH_EIP, NEEDS_AUTO_CREATE_EIP],
    pick: 'bandwidthPackage',
    misspellings: ['k8s.aliyun.com/eip-common-bandwith-package-id'],
    source: A4,
  },
  {
    key: 'k8s.aliyun.com/eip-isp',
    summary: 'Line type of the auto-created EIP.',
    doc: 'Line type of the EIP that ECI creates. ' + 'This annotation applies only to pay-as-you-go EIPs, so it has no use next to an existing EIP.',
    value: {
      kind: 'enum',
      values: [
        { value: 'BGP', doc: 'BGP (Multi-ISP) line. The default.' },
        { value: 'BGP_PRO', doc: 'BGP (Multi-ISP) Pro line.' },
      ],
    },
    default: 'BGP',
    example: 'BGP',
    placement: ['pod', 'imageCache'],
    group: 'EIP',
    requires: [NEEDS_WITH_EIP, NEEDS_AUTO_CREATE_EIP],
    source: A4,
  },
  {
    key: 'k8s.aliyun.com/eip-internet-charge-type',
    summary: 'Metering method of the auto-created EIP.',
    doc: 'Metering method of the EIP that ECI creates. ' + 'The ECI docs do not state a default.',
    value: {
      kind: 'enum',
      values: [
        { value: 'PayByBandwidth', doc: 'Pay by bandwidth: billed on the peak bandwidth (`eip-bandwidth`).' },
        { value: 'PayByTraffic', doc: 'Pay by data transfer: billed on the traffic used; `eip-bandwidth` is the cap.' },
      ],
    },
    example: 'PayByTraffic',
    placement: ['pod', 'imageCache'],
    group: 'EIP',
    requires: [NEEDS_WITH_EIP, NEEDS_AUTO_CREATE_EIP],
    source: A4,
  },
  {
    key: 'k8s.aliyun.com/eip-public-ip-address-pool-id',
    summary: 'Allocate the auto-created EIP from an IP address pool.',
    doc: 'Allocates the EIP that ECI creates from the given IP address pool (`pippool-` ID).',
    value: { kind: 'id', prefix: 'pippool-' },
    example: 'pippool-bp187arfugi543y1s****',
    placement: ['pod'],
    group: 'EIP',
    requires: [NEEDS_WITH_EIP],
    pick: 'ipPool',
    source: A4,
  },

  // ---- §2.3 vSwitch, zones, security group ---------------------------------------------------------------------------
  {
    key: 'k8s.aliyun.com/eci-vswitch',
    summary: 'vSwitches (zones) the pod may be created in.',
    doc:
      'Comma-separated vSwitch IDs; several vSwitches in different zones enable multi-zone creation. ' +
      'Without it, the vSwitches from eci-profile or the virtual node configuration are used. ' +
      'With this annotation, dynamic disk volumes cannot use a `WaitForFirstConsumer` StorageClass.',
    value: { kind: 'id', prefix: 'vsw-', list: {} },
    example: 'vsw-bp1xpiowfm5vo8o3c****,vsw-bp1rkyjgr1xwoho6k****',
    placement: ['pod'],
    group: 'Network',
    waitForFirstConsumer: { why: 'the disk is created before ECI picks the zone, so it cannot wait for the pod to be scheduled. Use an Immediate StorageClass or a single vSwitch.' },
    pick: 'vSwitch',
    source: MULTI_ZONE_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-schedule-strategy',
    summary: 'How ECI picks among several vSwitches.',
    doc: 'Multi-zone scheduling strategy. Only meaningful when `k8s.aliyun.com/eci-vswitch` lists several vSwitches.',
    value: {
      kind: 'enum',
      values: [
        { value: 'VSwitchOrdered', doc: 'Try the vSwitches in the order they are listed.' },
        { value: 'VSwitchRandom', doc: 'ECI picks a vSwitch based on stock. The default.' },
      ],
    },
    default: 'VSwitchRandom',
    example: 'VSwitchOrdered',
    placement: ['pod'],
    group: 'Network',
    requires: [
      {
        key: 'k8s.aliyun.com/eci-vswitch',
        why: 'The strategy chooses among the vSwitches that annotation lists; without them there is nothing to choose from.',
      },
    ],
    source: MULTI_ZONE_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-security-group',
    summary: 'Security groups of the pod (at most 5).',
    doc: 'Comma-separated security group IDs, replacing the eci-profile or virtual node default. ' + 'At most 5 groups, all in the same VPC and all of the same type.',
    value: { kind: 'id', prefix: 'sg-', list: { max: 5 } },
    example: 'sg-bp1dktddjsg5nktv****',
    placement: ['pod'],
    group: 'Network',
    pick: 'securityGroup',
    source: page('assign-a-security-group'),
  },

  // ---- §2.4 Private IP, fixed IP, IPv6, bandwidth, DNS, hosts --------------------------------------------------------
  {
    key: 'k8s.aliyun.com/eci-private-ip-address',
    summary: 'Fixed private IPv4 address of the pod.',
    doc:
      'Gives the pod this private IPv4 address instead of a random one. ' +
      'It must be free and inside the CIDR block of the eci-profile vSwitch. ' +
      'One address fits one pod, so a Deployment or similar may have only 1 replica.',
    value: { kind: 'text', pattern: IPV4, example: '172.16.0.11' },
    example: '172.16.0.11',
    placement: ['pod'],
    group: 'Network',
    singleInstance: true,
    source: page('specify-the-private-ip-address-of-the-eci-pod'),
  },
  {
    key: 'k8s.aliyun.com/eci-fixed-ip',
    summary: 'Keep the pod IP when the pod is re-created.',
    doc: 'When `"true"`, a re-created pod keeps its IP address if the cluster, namespace and pod name match. ' + 'Use it with a StatefulSet.',
    value: { kind: 'boolean' },
    default: 'false',
    example: 'true',
    placement: ['pod'],
    group: 'Network',
    source: FIXED_IP_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-fixed-ip-retain-hour',
    summary: 'Hours an unused fixed IP is kept.',
    doc: 'How long, in hours, a fixed IP is kept after its pod is gone. Needs `k8s.aliyun.com/eci-fixed-ip: "true"`.',
    value: { kind: 'integer', unit: 'hours' },
    default: '48',
    example: '24',
    placement: ['pod'],
    group: 'Network',
    requires: [
      {
        key: 'k8s.aliyun.com/eci-fixed-ip',
        values: ['true'],
        why: 'The retention time applies to a fixed IP, so without one it is ignored.',
      },
    ],
    source: FIXED_IP_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-enable-ipv6',
    summary: 'Assign an IPv6 address to the pod.',
    doc: 'When `"true"`, the pod gets one IPv6 address. The VPC and vSwitch must have IPv6 enabled.',
    value: { kind: 'boolean' },
    default: 'false',
    example: 'true',
    placement: ['pod'],
    group: 'Network',
    source: IPV6_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-ipv6-bandwidth-enable',
    summary: 'Enable public (Internet) access over IPv6.',
    doc: 'When `"true"`, the pod\'s IPv6 address gets Internet bandwidth. Needs `k8s.aliyun.com/eci-enable-ipv6: "true"`.',
    value: { kind: 'boolean' },
    default: 'false',
    example: 'true',
    placement: ['pod'],
    group: 'Network',
    requires: [
      {
        key: 'k8s.aliyun.com/eci-enable-ipv6',
        values: ['true'],
        why: 'IPv6 Internet access needs an IPv6 address, so without one it is ignored.',
      },
    ],
    source: IPV6_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-ipv6-bandwidth',
    summary: 'Public IPv6 bandwidth (Mbit/s).',
    doc:
      'Internet bandwidth of the IPv6 address, e.g. `100M` or `200` (Mbit/s). ' +
      'Range 1–2000 Mbit/s with a fixed-bandwidth IPv6 gateway, 1–1000 Mbit/s with a pay-by-traffic gateway; by default the gateway maximum. ' +
      'Needs `k8s.aliyun.com/eci-ipv6-bandwidth-enable: "true"`.',
    value: { kind: 'text', pattern: '^[1-9]\\d*M?$', example: '100M' },
    example: '100M',
    placement: ['pod'],
    group: 'Network',
    requires: [
      {
        key: 'k8s.aliyun.com/eci-ipv6-bandwidth-enable',
        values: ['true'],
        why: 'The bandwidth applies to IPv6 Internet access, so without it the option is ignored.',
      },
    ],
    source: IPV6_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-ipv6-count',
    summary: 'Legacy: number of IPv6 addresses (only 1).',
    doc: 'Legacy way to assign an IPv6 address; only `"1"` was supported. Use `k8s.aliyun.com/eci-enable-ipv6: "true"` instead.',
    value: { kind: 'integer', min: 1, max: 1 },
    example: '1',
    placement: ['pod'],
    group: 'Network',
    supersededBy: 'k8s.aliyun.com/eci-enable-ipv6',
    source: IPV6_PAGE,
  },
  {
    key: 'kubernetes.io/ingress-bandwidth',
    summary: 'Inbound bandwidth limit of the pod (bytes per second).',
    doc:
      "Limits the pod's inbound rate. The value is a size with an optional unit (`TB`, `T`, `GB`, `G`, `MB`, `M`, `KB`, `K`, `B`; no unit means bytes) " +
      'and is read as **bytes per second**: `40M` means 320 Mbit/s. Unlimited by default.',
    value: { kind: 'quantity', units: ['TB', 'T', 'GB', 'G', 'MB', 'M', 'KB', 'K', 'B'] },
    example: '40M',
    placement: ['pod'],
    group: 'Network',
    source: BANDWIDTH_PAGE,
  },
  {
    key: 'kubernetes.io/egress-bandwidth',
    summary: 'Outbound bandwidth limit of the pod (bytes per second).',
    doc:
      "Limits the pod's outbound rate. The value is a size with an optional unit (`TB`, `T`, `GB`, `G`, `MB`, `M`, `KB`, `K`, `B`; no unit means bytes) " +
      'and is read as **bytes per second**: `40M` means 320 Mbit/s. Unlimited by default.',
    value: { kind: 'quantity', units: ['TB', 'T', 'GB', 'G', 'MB', 'M', 'KB', 'K', 'B'] },
    example: '40M',
    placement: ['pod'],
    group: 'Network',
    source: BANDWIDTH_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-custom-dnsconfig',
    summary: 'Custom DNS servers, search domains and options (JSON).',
    doc:
      'A JSON object with comma-separated `nameservers`, `searches` and `options` strings. ' +
      'At most 2 nameservers are used (the rest are ignored) and Alibaba Cloud DNS is appended; at most 32 search domains. ' +
      'The docs suggest `dnsPolicy: Default` with it.',
    value: { kind: 'json', shape: 'object' },
    example: '{"nameservers":"223.5.5.5,223.6.6.6","searches":"example.com","options":"ndots:2,edns0"}',
    placement: ['pod'],
    group: 'Network',
    source: page('configure-custom-dns-for-eci-pods'),
  },
  {
    key: 'k8s.aliyun.com/eci-custom-hosts',
    summary: 'Extra /etc/hosts entries (JSON array).',
    doc: 'A JSON array of `{"host": …, "ip": …}` objects that ECI adds to the pod\'s `/etc/hosts`.',
    value: { kind: 'json', shape: 'array' },
    example: '[{"host":"example.com","ip":"100.100.5.1"}]',
    placement: ['pod'],
    group: 'Network',
    source: page('configure-hosts-for-a-pod'),
  },
  {
    key: 'k8s.aliyun.com/eci-wait-clusterip-ready',
    summary: 'Wait for Service ClusterIPs before starting the pod.',
    doc: 'With `"*"`, ECI waits until ClusterIPs are synced before it creates the pod. ' + 'Pod creation is slower in clusters with many Services.',
    value: { kind: 'text', pattern: '^\\*$', example: '*' },
    example: '*',
    placement: ['pod'],
    group: 'Network',
    source: page('configure-eci-pod-to-start-after-clusterip-ready'),
  },

  // ---- §3 Specs and instance types -----------------------------------------------------------------------------------
  {
    key: 'k8s.aliyun.com/eci-use-specs',
    summary: 'Instance specs to try, in priority order (at most 5).',
    doc:
      'Comma list of at most 5 specs, tried in order when stock runs out. Each item is `<vCPU>-<memory>Gi` (e.g. `2-4Gi`) or an ECS instance type (e.g. `ecs.c6.xlarge`). ' +
      'It overrides container requests and limits for sizing; without it and without requests, pods get 2 vCPU / 4 GiB. ' +
      'GPU, local-disk and ARM types can only be combined with types of the same kind. The spec used shows in `k8s.aliyun.com/eci-instance-spec`.',
    value: { kind: 'specList', max: 5 },
    example: '2-4Gi,ecs.c6.xlarge',
    placement: ['pod'],
    group: 'Specs',
    deprecatedValues: [
      {
        pattern: '(^|,)\\s*ecigpu-',
        message:
          'ecigpu-<GPU type>-<count> (for example ecigpu-P100-4) is the legacy GPU spec form from the first ECI examples. Current docs name a GPU ECS instance type instead, for example ecs.gn6i-c4g1.xlarge.',
      },
    ],
    source: SPECS_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-gpu-driver-version',
    summary: 'GPU driver (and CUDA) version, e.g. tesla=535.',
    doc:
      'Picks the Tesla driver and CUDA version for GPU instance types that support several; otherwise the driver that matches the GPU type is used. ' +
      'Needs a GPU instance type in `k8s.aliyun.com/eci-use-specs`. ' +
      'Since 2025-03, Tesla 525 is no longer supported and falls back to 535.',
    value: { kind: 'text', pattern: '^tesla=\\d+(\\.\\d+)*$', example: 'tesla=535' },
    example: 'tesla=535',
    placement: ['pod'],
    group: 'Specs',
    requires: [
      {
        key: 'k8s.aliyun.com/eci-use-specs',
        why: 'The driver version applies to a GPU instance type, which that annotation chooses.',
      },
    ],
    deprecatedValues: [
      {
        pattern: '^tesla=525',
        message: 'Tesla 525 is no longer supported (since 2025-03); ECI uses the 535 driver instead.',
      },
    ],
    source: page('create-a-pod-by-specifying-the-gpu-specification-1'),
  },
  {
    key: 'k8s.aliyun.com/eci-instance-family',
    summary: 'ECS instance families to use (or exclude) for vCPU/memory sizing.',
    doc:
      'Comma list of ECS instance families, e.g. `ecs.c6,ecs.g6`. Only applies when the pod is sized by vCPU and memory; it is billed as the resulting ECS type. ' +
      'The docs also allow excluding families; the exact exclusion syntax is not captured here.',
    value: { kind: 'list', item: 'ECS instance family' },
    example: 'ecs.c6,ecs.g6',
    placement: ['pod'],
    group: 'Specs',
    source: page('specify-or-exclude-specific-ecs-instance-families-to-create-a-pod-1'),
  },
  {
    key: 'k8s.aliyun.com/eci-instance-generation',
    summary: 'ECS instance generations to use for vCPU/memory sizing.',
    doc: 'Comma list of ECS instance generations, e.g. `6,5`. Can be combined with `k8s.aliyun.com/eci-instance-family`. ' + 'GPU and local-disk types cannot be selected this way.',
    value: { kind: 'list', item: 'instance generation' },
    example: '6,5',
    placement: ['pod'],
    group: 'Specs',
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/eci-compute-category',
    summary: 'Compute categories, in priority order.',
    doc: 'Comma list of compute categories for vCPU/memory sizing, tried in order. ' + 'The category used shows in `k8s.aliyun.com/eci-instance-compute-category`.',
    value: {
      kind: 'enum',
      values: [
        { value: 'economy', doc: 'The economy compute category.' },
        { value: 'general', doc: 'The general-purpose compute category.' },
      ],
      list: {},
    },
    example: 'economy,general',
    placement: ['pod'],
    group: 'Specs',
    source: page('specify-the-compute-category-to-create-a-pod-1'),
  },
  {
    key: 'k8s.aliyun.com/eci-privatepool-matchcriteria',
    summary: 'How the pod uses an elasticity-assurance private pool.',
    doc: 'Creates the pod from the private pool of an elasticity assurance. ' + "`k8s.aliyun.com/eci-use-specs` must name the assurance's instance type.",
    value: {
      kind: 'enum',
      values: [
        { value: 'Open', doc: 'Use any matching open private pool; falls back to the public pool when it is short. `eci-privatepool-id` is ignored.' },
        { value: 'Target', doc: 'Use the pool in `k8s.aliyun.com/eci-privatepool-id`; creation fails when that pool is short.' },
      ],
    },
    example: 'Open',
    placement: ['pod'],
    group: 'Specs',
    requires: [
      {
        key: 'k8s.aliyun.com/eci-privatepool-id',
        when: ['Target'],
        why: 'With Target, ECI uses exactly the private pool named there; without one the pod cannot be created.',
      },
      {
        key: 'k8s.aliyun.com/eci-use-specs',
        why: 'The private pool holds one instance type, and the pod must ask for that type.',
      },
    ],
    source: PRIVATE_POOL_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-privatepool-id',
    summary: 'Private pool ID of an elasticity assurance.',
    doc:
      'The `eap-` ID of the elasticity assurance whose private pool to use. ' + 'Required when `k8s.aliyun.com/eci-privatepool-matchcriteria` is `Target`; ignored when it is `Open`.',
    value: { kind: 'id', prefix: 'eap-' },
    example: 'eap-bp67acfmxazb4****',
    placement: ['pod'],
    group: 'Specs',
    conflicts: [
      {
        key: 'k8s.aliyun.com/eci-privatepool-matchcriteria',
        values: ['Open'],
        why: 'With match criteria `Open`, ECI picks any open private pool and ignores the pool ID.',
      },
    ],
    source: PRIVATE_POOL_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-cpu-option-core',
    summary: 'Legacy: number of physical CPU cores.',
    doc: 'Custom CPU option from older docs: the number of physical cores. ' + 'Only for ECS instance types that support CPU options; current docs no longer list it.',
    value: { kind: 'integer', min: 1 },
    example: '2',
    placement: ['pod'],
    group: 'Specs',
    deprecated: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/eci-cpu-option-ht',
    summary: 'Legacy: threads per CPU core (1 turns hyper-threading off).',
    doc:
      'Custom CPU option from older docs: threads per core; `"1"` turns hyper-threading off. ' + 'Only for ECS instance types that support CPU options; current docs no longer list it.',
    value: { kind: 'integer', min: 1 },
    example: '1',
    placement: ['pod'],
    group: 'Specs',
    deprecated: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/eci-instance-type',
    summary: 'Legacy: instance type of the pod.',
    doc: 'Legacy way to choose the instance type. Use `k8s.aliyun.com/eci-use-specs` instead.',
    value: { kind: 'text' },
    example: 'ecs.c6.xlarge',
    placement: ['pod'],
    group: 'Specs',
    supersededBy: 'k8s.aliyun.com/eci-use-specs',
    source: SPECS_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-gpu-type',
    summary: 'Legacy: GPU type of the pod.',
    doc: 'Legacy way to ask for a GPU type such as `P4`. Use a GPU instance type in `k8s.aliyun.com/eci-use-specs` instead.',
    value: { kind: 'text' },
    example: 'P4',
    placement: ['pod'],
    group: 'Specs',
    supersededBy: 'k8s.aliyun.com/eci-use-specs',
    source: SPECS_PAGE,
  },

  // ---- §4 Spot -------------------------------------------------------------------------------------------------------
  {
    key: 'k8s.aliyun.com/eci-spot-strategy',
    summary: 'Run the pod as a spot (preemptible) instance.',
    doc:
      'Makes the pod a spot instance. A released spot pod shows `Failed` with reason `BidFailed`. ' +
      'Spot by vCPU and memory needs at least 2 vCPU and a supported combination; other sizes are rounded up.',
    value: {
      kind: 'enum',
      values: [
        { value: 'SpotAsPriceGo', doc: 'Pay the market price, up to the pay-as-you-go price.' },
        { value: 'SpotWithPriceLimit', doc: 'Set a maximum hourly price in `k8s.aliyun.com/eci-spot-price-limit` (required).' },
      ],
    },
    example: 'SpotAsPriceGo',
    placement: ['pod'],
    group: 'Spot',
    requires: [
      {
        key: 'k8s.aliyun.com/eci-spot-price-limit',
        when: ['SpotWithPriceLimit'],
        why: 'SpotWithPriceLimit bids up to a maximum hourly price, and that annotation sets it.',
      },
    ],
    source: SPOT_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-spot-price-limit',
    summary: 'Maximum hourly price of the spot instance.',
    doc: 'Maximum hourly price, at most 3 decimal places (e.g. `"0.5"`, `"0.250"`). Only valid with `k8s.aliyun.com/eci-spot-strategy: SpotWithPriceLimit`.',
    value: { kind: 'decimal', maxDecimals: 3 },
    example: '0.5',
    placement: ['pod'],
    group: 'Spot',
    requires: [
      {
        key: 'k8s.aliyun.com/eci-spot-strategy',
        values: ['SpotWithPriceLimit'],
        why: 'A price limit applies only to the SpotWithPriceLimit strategy; otherwise it is ignored.',
      },
    ],
    source: SPOT_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-spot-duration',
    summary: 'Protection period of the spot instance (hours).',
    doc: 'How long the spot instance is protected from release after creation.',
    value: {
      kind: 'enum',
      values: [
        { value: '0', doc: 'No protection period.' },
        { value: '1', doc: 'Protected for 1 hour. The default.' },
      ],
    },
    default: '1',
    example: '0',
    placement: ['pod'],
    group: 'Spot',
    requires: [NEEDS_SPOT_STRATEGY],
    source: SPOT_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-spot-fallback',
    summary: 'Fall back to pay-as-you-go when spot stock runs out.',
    doc: 'When `"true"` and no spot stock is available, ECI creates a pay-as-you-go instance instead (event `SpotDegraded`).',
    value: { kind: 'boolean' },
    default: 'false',
    example: 'true',
    placement: ['pod'],
    group: 'Spot',
    requires: [NEEDS_SPOT_STRATEGY],
    source: SPOT_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-spot-release-strategy',
    summary: 'Evict the pod before its spot instance is released.',
    doc:
      'With `api-evict`, when the instance gets `SpotToBeReleased` (about 3–5 minutes before release) the virtual node evicts the pod through the Eviction API, honouring PodDisruptionBudgets. ' +
      'Described in an Alibaba Cloud blog post; not in the official annotation table.',
    value: {
      kind: 'enum',
      values: [{ value: 'api-evict', doc: 'Evict the pod through the Eviction API before the spot instance is released.' }],
    },
    example: 'api-evict',
    placement: ['pod'],
    group: 'Spot',
    requires: [NEEDS_SPOT_STRATEGY],
    source: SPOT_PAGE,
  },

  // ---- §5 Lifecycle --------------------------------------------------------------------------------------------------
  {
    key: 'k8s.aliyun.com/eci-fail-strategy',
    summary: 'What ECI does when it cannot create the pod.',
    doc:
      'Fault-handling policy for pod creation. By default ECI keeps retrying (`fail-back`). ' +
      'With `fail-fast`, dynamic disk volumes cannot use a `WaitForFirstConsumer` StorageClass.',
    value: {
      kind: 'enum',
      values: [
        { value: 'fail-back', doc: 'Keep retrying to create the pod. The default.' },
        { value: 'fail-over', doc: 'Same as `fail-back`.' },
        { value: 'fail-fast', doc: 'Report `ProviderFailed` on the pod right away.' },
      ],
    },
    default: 'fail-back',
    example: 'fail-fast',
    placement: ['pod'],
    group: 'Lifecycle',
    waitForFirstConsumer: { when: ['fail-fast'], why: 'with fail-fast ECI does not wait for the volume to bind. Use an Immediate StorageClass or the default fail-back.' },
    source: FAULT_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-reschedule-enable',
    summary: 'Legacy: enable rescheduling on creation failure.',
    doc: 'Old rescheduling switch; the docs no longer recommend it. Use `k8s.aliyun.com/eci-fail-strategy` instead.',
    value: { kind: 'boolean' },
    example: 'true',
    placement: ['pod'],
    group: 'Lifecycle',
    supersededBy: 'k8s.aliyun.com/eci-fail-strategy',
    source: FAULT_PAGE,
  },
  {
    key: 'k8s.aliyun.com/pod-fail-on-create-err',
    summary: 'Legacy: mark the pod Failed on creation errors.',
    doc: 'Legacy: with `"true"` the pod becomes `Failed` instead of staying `Pending` when creation fails. ' + 'Use `k8s.aliyun.com/eci-fail-strategy: fail-fast` instead.',
    value: { kind: 'boolean' },
    example: 'true',
    placement: ['pod'],
    group: 'Lifecycle',
    supersededBy: 'k8s.aliyun.com/eci-fail-strategy',
    source: FAULT_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-max-pending-minute',
    summary: 'Minutes the instance may stay Pending before it fails (10–1440).',
    doc: 'The ECI instance fails after this many minutes in the Pending phase; 10–1440, default 240 (4 hours). ' + 'Time spent running initContainers does not count.',
    value: { kind: 'integer', min: 10, max: 1440, unit: 'minutes' },
    default: '240',
    example: '60',
    placement: ['pod'],
    group: 'Lifecycle',
    source: page('customize-the-maximum-pending-duration-of-the-eci-pod'),
  },
  {
    key: 'k8s.aliyun.com/eci-eviction-enable',
    summary: 'Evict the pod when temporary storage runs low.',
    doc: 'When `"true"`, the pod is evicted (`Failed`) once free temporary storage drops below 100 MiB.',
    value: { kind: 'boolean' },
    default: 'false',
    example: 'true',
    placement: ['pod'],
    group: 'Lifecycle',
    source: 'https://www.alibabacloud.com/help/en/eci/user-guide/automatically-evict-pods-whose-temporary-storage-spaces-are-insufficient-2',
  },
  {
    key: 'k8s.aliyun.com/eci-custom-tags',
    summary: 'Custom resource tags on the ECI instance (at most 3).',
    doc:
      'Comma list of `key:value` tags added to the ECI instance, for example to split bills; at most 3. ' +
      'ECI also adds its own tags (ManagedBy, ClusterId, NameSpace, OwnerReferenceKind/Name, PodName).',
    value: { kind: 'list', item: 'tag (key:value)', itemPattern: '^[^:]+:.*$', max: 3 },
    example: 'env:prod,team:payments',
    placement: ['pod'],
    group: 'O&M',
    source: page('bind-custom-tags-to-a-pod'),
  },
  {
    key: 'k8s.aliyun.com/eci-resource-group-id',
    summary: 'Legacy: resource group of the ECI instance.',
    doc: 'Puts the ECI instance in this resource group. Only in older docs; current docs no longer list it for pods.',
    value: { kind: 'id', prefix: 'rg-' },
    example: 'rg-aek2z3elfs4****',
    placement: ['pod'],
    group: 'O&M',
    deprecated: true,
    source: A1,
  },

  // ---- §6 Images, image cache, registries ----------------------------------------------------------------------------
  {
    key: 'k8s.aliyun.com/eci-auto-imc',
    summary: 'Automatically match an image cache.',
    doc:
      'When `"true"` (the default), ECI picks the best-matching ImageCache for the pod; if nothing matches exactly, it creates one alongside the pod. ' +
      'An explicit `k8s.aliyun.com/eci-imc-id` takes precedence.',
    value: { kind: 'boolean' },
    default: 'true',
    example: 'true',
    placement: ['pod'],
    group: 'Images',
    source: IMC_PAGE,
  },
  {
    key: 'k8s.aliyun.com/imc-perfect-match',
    summary: 'Use an image cache only if all images match.',
    doc: 'When `"true"`, automatic matching uses a cache only if every container image in the pod matches. ' + 'Takes priority over `k8s.aliyun.com/imc-match-count-request`.',
    value: { kind: 'boolean' },
    default: 'false',
    example: 'true',
    placement: ['pod'],
    group: 'Images',
    source: IMC_PAGE,
  },
  {
    key: 'k8s.aliyun.com/imc-match-count-request',
    summary: 'Number of images that must match the image cache.',
    doc: 'How many container images of the pod must match a cache exactly for automatic matching to use it.',
    value: { kind: 'integer', min: 1 },
    example: '2',
    placement: ['pod'],
    group: 'Images',
    source: IMC_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-imc-id',
    summary: 'Image cache to create the pod from.',
    doc: 'Creates the pod from this ImageCache (`imc-` ID). Takes precedence over automatic matching.',
    value: { kind: 'id', prefix: 'imc-' },
    example: 'imc-2zebxkiifuyzzlhl****',
    placement: ['pod'],
    group: 'Images',
    source: IMC_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-image-cache',
    summary: 'Legacy: automatically match an image cache.',
    doc: 'Legacy name for automatic image cache matching. Use `k8s.aliyun.com/eci-auto-imc` instead.',
    value: { kind: 'boolean' },
    example: 'true',
    placement: ['pod'],
    group: 'Images',
    supersededBy: 'k8s.aliyun.com/eci-auto-imc',
    source: IMC_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-image-snapshot-id',
    summary: 'Legacy: image cache to create the pod from.',
    doc: 'Legacy name for choosing an image cache. Use `k8s.aliyun.com/eci-imc-id` instead.',
    value: { kind: 'id', prefix: 'imc-' },
    example: 'imc-2zebxkiifuyzzlhl****',
    placement: ['pod'],
    group: 'Images',
    supersededBy: 'k8s.aliyun.com/eci-imc-id',
    source: IMC_PAGE,
  },
  {
    key: 'k8s.aliyun.com/acr-instance-ids',
    summary: 'ACR Enterprise Edition instances to pull from without a Secret.',
    doc:
      'Comma list of Container Registry Enterprise Edition instance IDs for Secret-free image pulls (needed for custom domains). ' +
      'For an instance in another region, prefix the region ID: `cn-beijing:cri-…`.',
    value: { kind: 'id', prefix: 'cri-', list: {}, regionQualified: true },
    example: 'cri-j36zhodptmyq****',
    placement: ['pod', 'imageCache'],
    group: 'Images',
    source: page('pull-images-from-a-container-registry-enterprise-edition-instance-without-using-a-secret'),
  },
  {
    key: 'k8s.aliyun.com/acr-instance-id',
    summary: 'Legacy: ACR Enterprise Edition instance (singular form).',
    doc: 'Legacy singular form. Use `k8s.aliyun.com/acr-instance-ids` instead.',
    value: { kind: 'id', prefix: 'cri-' },
    example: 'cri-j36zhodptmyq****',
    placement: ['pod'],
    group: 'Images',
    supersededBy: 'k8s.aliyun.com/acr-instance-ids',
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/acr-service-arns',
    summary: "RAM role ARN in the ECI owner's account, for ACR pulls.",
    doc: 'ARN of a RAM role in the account that owns the ECI resources. Needed when resources are created with a RAM role.',
    value: { kind: 'text', pattern: RAM_ROLE_ARN, example: 'acs:ram::1609982529******:role/role-assume' },
    example: 'acs:ram::1609982529******:role/role-assume',
    placement: ['pod', 'imageCache'],
    group: 'Images',
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/acr-user-arns',
    summary: "RAM role ARN in the ACR owner's account, for cross-account pulls.",
    doc: 'ARN of a RAM role in the account that owns the ACR instance. Needed to pull ACR images across accounts.',
    value: { kind: 'text', pattern: RAM_ROLE_ARN, example: 'acs:ram::1298452580******:role/role-acr' },
    example: 'acs:ram::1298452580******:role/role-acr',
    placement: ['pod', 'imageCache'],
    group: 'Images',
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/plain-http-registry',
    summary: 'Self-managed registries to pull from over HTTP.',
    doc: 'Comma list of `host[:port]` registries that ECI pulls from over plain HTTP instead of HTTPS. ' + 'Include the port if the image reference has one.',
    value: { kind: 'list', item: 'registry host[:port]', itemPattern: REGISTRY_HOST },
    example: 'harbor.example.com,192.168.1.10:5000',
    placement: ['pod', 'imageCache'],
    group: 'Images',
    source: REGISTRY_PAGE,
  },
  {
    key: 'k8s.aliyun.com/insecure-registry',
    summary: 'Self-managed registries whose TLS certificate is not verified.',
    doc: 'Comma list of `host[:port]` registries for which ECI skips certificate verification (e.g. self-signed certificates).',
    value: { kind: 'list', item: 'registry host[:port]', itemPattern: REGISTRY_HOST },
    example: 'harbor.example.com,192.168.1.10:5000',
    placement: ['pod', 'imageCache'],
    group: 'Images',
    source: REGISTRY_PAGE,
  },

  // ---- §7 ImageCache-only keys ---------------------------------------------------------------------------------------
  {
    key: 'k8s.aliyun.com/vswitch-ids',
    summary: 'vSwitches (zones) the image cache may be created in.',
    doc: 'Comma-separated vSwitch IDs; several enable multi-zone creation. Without it, the eci-profile vSwitch is used. (On pods, use `k8s.aliyun.com/eci-vswitch`.)',
    value: { kind: 'id', prefix: 'vsw-', list: {} },
    example: 'vsw-bp1dktddjsg5nktv****,vsw-bp1xpiowfm5vo8o3c****',
    placement: ['imageCache'],
    group: 'ImageCache',
    pick: 'vSwitch',
    source: IC,
  },
  {
    key: 'k8s.aliyun.com/imc-cpu-arch',
    summary: 'CPU architecture of the image cache.',
    doc: 'CPU architecture the image cache is built for.',
    value: {
      kind: 'enum',
      values: [
        { value: 'amd64', doc: 'x86-64. The default.' },
        { value: 'arm64', doc: 'Arm64.' },
      ],
    },
    default: 'amd64',
    example: 'arm64',
    placement: ['imageCache'],
    group: 'ImageCache',
    source: IC,
  },
  {
    key: 'k8s.aliyun.com/imc-os-type',
    summary: 'Operating system of the image cache.',
    doc: 'Operating system the image cache is built for.',
    value: {
      kind: 'enum',
      values: [
        { value: 'linux', doc: 'Linux. The default.' },
        { value: 'windows', doc: 'Windows.' },
      ],
    },
    default: 'linux',
    example: 'windows',
    placement: ['imageCache'],
    group: 'ImageCache',
    source: IC,
  },
  {
    key: 'k8s.aliyun.com/security-group-id',
    summary: 'Security group used while the image cache is created.',
    doc: 'Security group ID. Without it, the eci-profile security group is used. (On pods, use `k8s.aliyun.com/eci-security-group`.)',
    value: { kind: 'id', prefix: 'sg-' },
    example: 'sg-bp1dktddjsg5nktv****',
    placement: ['imageCache'],
    group: 'ImageCache',
    pick: 'securityGroup',
    source: IC,
  },
  {
    key: 'k8s.aliyun.com/resource-group-id',
    summary: 'Resource group of the image cache.',
    doc: 'Resource group ID. Without it, the eci-profile resource group is used.',
    value: { kind: 'id', prefix: 'rg-' },
    example: 'rg-aek2z3elfs4****',
    placement: ['imageCache'],
    group: 'ImageCache',
    source: IC,
  },
  {
    key: 'k8s.aliyun.com/imc-enable-reuse',
    summary: 'Reuse layers of existing image caches.',
    doc: 'When `"true"`, a new image cache reuses image layers it shares with existing caches, which makes the cache faster to build.',
    value: { kind: 'boolean' },
    example: 'true',
    placement: ['imageCache'],
    group: 'ImageCache',
    source: IC,
  },
  {
    key: 'k8s.aliyun.com/imc-enable-flash',
    summary: 'Build the image cache faster with a temporary local snapshot.',
    doc: 'When `"true"`, ECI creates a temporary local snapshot to shorten the time it takes to create the image cache.',
    value: { kind: 'boolean' },
    example: 'true',
    placement: ['imageCache'],
    group: 'ImageCache',
    source: IC,
  },
  {
    key: 'k8s.aliyun.com/imc-retention-days',
    summary: 'Days the image cache is kept.',
    doc: 'The image cache is deleted after this many days. By default it never expires.',
    value: { kind: 'integer', unit: 'days' },
    example: '7',
    placement: ['imageCache'],
    group: 'ImageCache',
    source: IC,
  },
  {
    key: 'k8s.aliyun.com/imc-size',
    summary: 'Size of the image cache in GiB (20–32768).',
    doc: 'Size of the image cache in GiB, 20–32768; default 20. Make it at least twice the total image size.',
    value: { kind: 'integer', min: 20, max: 32768, unit: 'GiB' },
    default: '20',
    example: '40',
    placement: ['imageCache'],
    group: 'ImageCache',
    source: IC,
  },
  {
    key: 'k8s.aliyun.com/eip-instance-id',
    counterpart: 'k8s.aliyun.com/eci-eip-instanceid',
    summary: 'Associate an existing EIP while the image cache is created.',
    doc: 'Associates an existing EIP so the image cache can pull images from the Internet. ' + 'This is the ImageCache key; on pods the key is `k8s.aliyun.com/eci-eip-instanceid`.',
    value: { kind: 'id', prefix: 'eip-' },
    example: 'eip-bp1q5n8cq4p7f6dzu****',
    placement: ['imageCache'],
    group: 'ImageCache',
    pick: 'eip',
    source: IC,
  },
  {
    key: AUTO_CREATE_EIP,
    counterpart: WITH_EIP,
    summary: 'Create a new EIP while the image cache is created.',
    doc:
      'When `"true"`, ECI creates an EIP so the image cache can pull images from the Internet; configure it with the `k8s.aliyun.com/eip-*` annotations. ' +
      'This is the ImageCache key; on pods the key is `k8s.aliyun.com/eci-with-eip`.',
    value: { kind: 'boolean' },
    example: 'true',
    placement: ['imageCache'],
    group: 'ImageCache',
    source: IC,
  },

  // ---- §8 Data cache, storage, security, O&M -------------------------------------------------------------------------
  {
    key: 'k8s.aliyun.com/eci-data-cache-bucket',
    summary: 'Bucket of the DataCache to mount.',
    doc: 'Required to use a DataCache (mounted through a hostPath volume). ' + 'ECI creates a pay-as-you-go disk the size of the cache together with the pod.',
    value: { kind: 'text' },
    example: 'default',
    placement: ['pod'],
    group: 'Storage',
    source: DATA_CACHE_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-data-cache-pl',
    summary: 'ESSD performance level of the DataCache disk.',
    doc: 'Performance level of the ESSD disk created for the DataCache. The docs show `PL1` (the default); the other levels are inferred from ESSD.',
    value: {
      kind: 'enum',
      values: [
        { value: 'PL0', doc: 'ESSD PL0.' },
        { value: 'PL1', doc: 'ESSD PL1. The default.' },
        { value: 'PL2', doc: 'ESSD PL2.' },
        { value: 'PL3', doc: 'ESSD PL3.' },
      ],
    },
    default: 'PL1',
    example: 'PL1',
    placement: ['pod'],
    group: 'Storage',
    requires: [NEEDS_DATA_CACHE_BUCKET],
    source: DATA_CACHE_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-data-cache-provisionedIops',
    summary: 'Provisioned IOPS of the DataCache disk (ESSD AutoPL).',
    doc: 'Makes the DataCache disk an ESSD AutoPL disk with this provisioned IOPS: 0 to min{50000, 1000 × capacity − baseline}.',
    value: { kind: 'integer', min: 0, max: 50000 },
    example: '10000',
    placement: ['pod'],
    group: 'Storage',
    requires: [NEEDS_DATA_CACHE_BUCKET],
    source: DATA_CACHE_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-data-cache-burstingEnabled',
    summary: 'Enable burst on the DataCache disk (ESSD AutoPL).',
    doc: 'When `"true"`, the ESSD AutoPL disk created for the DataCache may burst.',
    value: { kind: 'boolean' },
    example: 'true',
    placement: ['pod'],
    group: 'Storage',
    requires: [NEEDS_DATA_CACHE_BUCKET],
    source: DATA_CACHE_PAGE,
  },
  {
    key: 'k8s.aliyun.com/eci-extra-ephemeral-storage',
    summary: 'Extra temporary storage for the pod.',
    doc:
      'Adds temporary storage beyond the free amount (30 GiB in current docs, 20 GiB in older ones), with limit semantics. ' +
      'If a container `ephemeral-storage` request also asks for more, the larger of the two wins.',
    value: { kind: 'quantity' },
    example: '50Gi',
    placement: ['pod'],
    group: 'Storage',
    source: page('increase-the-capacity-of-the-temporary-storage-space'),
  },
  {
    key: 'k8s.aliyun.com/eci-ephemeral-storage-options',
    summary: 'Temporary storage options, e.g. encryption (JSON).',
    doc: 'A JSON object; `{"encrypted":"true"}` encrypts temporary storage with KMS. ' + 'Needs KMS, and does not work with manually created image caches.',
    value: { kind: 'json', shape: 'object' },
    example: '{"encrypted":"true"}',
    placement: ['pod'],
    group: 'Storage',
    source: page('encrypt-temporary-storage-space'),
  },
  {
    key: 'k8s.aliyun.com/eci-ram-role-name',
    summary: 'RAM role of the instance.',
    doc:
      'Assigns this RAM role to the instance; the pod gets STS credentials from `http://100.100.100.200/latest/meta-data/ram/security-credentials/<role>`. ' +
      "The role's trusted service must be ECS, and whoever creates the pod needs `ram:PassRole`.",
    value: { kind: 'text' },
    example: 'eci-pod-role',
    placement: ['pod'],
    group: 'Security',
    source: page('assign-a-ram-role-to-a-pod'),
  },
  {
    key: 'k8s.aliyun.com/eci-host-sysctls',
    summary: 'Host-level sysctls (JSON array; needs a support ticket).',
    doc: 'A JSON array of `{"name": …, "value": …}` objects for sysctls beyond those `securityContext.sysctls` supports. ' + 'Only available after you submit a support ticket.',
    value: { kind: 'json', shape: 'array' },
    example: '[{"name":"vm.max_map_count","value":"262144"}]',
    placement: ['pod'],
    group: 'Security',
    source: page('configure-a-security-context-for-a-pod-or-container'),
  },
  {
    key: 'k8s.aliyun.com/eci-ntp-server',
    summary: 'NTP servers for the pod.',
    doc: 'Comma list of NTP server IP addresses the pod synchronizes time with.',
    value: { kind: 'list', item: 'NTP server IP address', itemPattern: IPV4 },
    example: '100.100.5.1,100.100.5.2',
    placement: ['pod'],
    group: 'O&M',
    source: page('configure-the-ntp-service-1'),
  },
  {
    key: 'k8s.aliyun.com/eci-core-pattern',
    summary: 'Where core dumps are written.',
    doc: 'Absolute path for core dump files, usually on a mounted NAS volume. By default `core.<pid>` is written to the working directory.',
    value: { kind: 'text', pattern: '^/', example: '/pod/data/dump/core' },
    example: '/pod/data/dump/core',
    placement: ['pod'],
    group: 'O&M',
    source: page('use-coredump-to-analyze-instance-program-exceptions'),
  },
  {
    key: 'k8s.aliyun.com/eci-sls-enable',
    summary: 'Turn off Logtail log collection for the pod.',
    doc: 'With `"false"`, Logtail log collection is turned off for this pod. Collection is on when the SLS CRDs are used.',
    value: { kind: 'boolean' },
    example: 'false',
    placement: ['pod'],
    group: 'O&M',
    source: A1,
  },

  // ---- §8b System-added, read-only -----------------------------------------------------------------------------------
  {
    key: 'k8s.aliyun.com/eci-request-id',
    summary: 'Request ID of the ECI creation call (set by ECI).',
    doc: `ID of the request that created the ECI instance. ${SYSTEM_NOTE}`,
    value: { kind: 'text' },
    example: '2E0E1F8C-9B3A-4C1D-8E2B-3F4A5B6C7D8E',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/eci-instance-id',
    summary: 'ID of the ECI instance (set by ECI).',
    doc: `ID of the ECI instance that runs the pod. ${SYSTEM_NOTE}`,
    value: { kind: 'text', pattern: '^eci-' },
    example: 'eci-2zelg8vwnlzdhf8h****',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/eci-instance-spec',
    summary: 'Spec the instance was created with (set by ECI).',
    doc: `The spec actually used, such as \`2.0-4.0Gi\` or an ECS instance type; it is the billing basis. ${SYSTEM_NOTE}`,
    value: { kind: 'text' },
    example: '2.0-4.0Gi',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/eci-instance-compute-category',
    summary: 'Compute category the instance uses (set by ECI).',
    doc: `The compute category actually used (see \`k8s.aliyun.com/eci-compute-category\`). ${SYSTEM_NOTE}`,
    value: { kind: 'text' },
    example: 'economy',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/allocated-eipInstanceId',
    summary: 'ID of the EIP associated with the pod (set by ECI).',
    doc: `Allocation ID of the EIP associated with the pod. ${SYSTEM_NOTE}`,
    value: { kind: 'id', prefix: 'eip-' },
    example: 'eip-2zeerraiwb7ujxscd****',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/allocated-eipAddress',
    summary: 'Public IP address of the associated EIP (set by ECI).',
    doc: `Public IP address of the EIP associated with the pod. ${SYSTEM_NOTE}`,
    value: { kind: 'text', pattern: IPV4 },
    example: '47.110.12.34',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/allocated-ipv6Address',
    summary: 'IPv6 address of the pod (set by ECI).',
    doc: `IPv6 address assigned to the pod. ${SYSTEM_NOTE}`,
    value: { kind: 'text' },
    example: '2408:4005:39c:8700::1',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/eci-created-by-template',
    summary: 'Creation marker added by ECI (set by ECI).',
    doc: `Added by ECI at creation; its values are not described in detail by the docs. ${SYSTEM_NOTE}`,
    value: { kind: 'text' },
    example: 'true',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/eni-instance-id',
    summary: "ID of the pod's elastic network interface (set by ECI).",
    doc: `ID of the elastic network interface (ENI) of the ECI instance. ${SYSTEM_NOTE}`,
    value: { kind: 'text', pattern: '^eni-' },
    example: 'eni-2ze1jomc3ov1sbv4****',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/eci-vpc',
    summary: 'VPC of the ECI instance (set by ECI).',
    doc: `ID of the VPC the ECI instance runs in. ${SYSTEM_NOTE}`,
    value: { kind: 'text', pattern: '^vpc-' },
    example: 'vpc-2zeghwzptn5zii0w7****',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/eci-matched-image-cache',
    summary: 'Image cache the pod was created from (set by ECI).',
    doc: `ID of the ImageCache that ECI matched for the pod. ${SYSTEM_NOTE}`,
    value: { kind: 'id', prefix: 'imc-' },
    example: 'imc-2zebxkiifuyzzlhl****',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/eci-schedule-result',
    summary: 'Retired: scheduling result (set by ECI).',
    doc: `Retired scheduling result; check the pod's \`ContainerInstanceCreated\` condition instead. ${SYSTEM_NOTE}`,
    value: { kind: 'text' },
    example: 'finished',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    source: A1,
  },

  // ---- §8c Auto Scaling (ESS ApplyScalingGroup) ----------------------------------------------------------------------
  {
    key: 'k8s.aliyun.com/ess-scaling-group-min-size',
    summary: 'Minimum size of the ESS scaling group.',
    doc: 'Only for Auto Scaling `ApplyScalingGroup`: minimum number of instances of the scaling group it creates from the Deployment. ' + 'Default 0.',
    value: { kind: 'integer', min: 0 },
    default: '0',
    example: '1',
    placement: ['pod'],
    group: 'Auto Scaling',
    source: ESS,
  },
  {
    key: 'k8s.aliyun.com/ess-scaling-group-max-size',
    summary: 'Maximum size of the ESS scaling group.',
    doc:
      'Only for Auto Scaling `ApplyScalingGroup`: maximum number of instances of the scaling group it creates from the Deployment. ' +
      'Default: the number of replicas or 30, whichever is greater.',
    value: { kind: 'integer', min: 0 },
    example: '20',
    placement: ['pod'],
    group: 'Auto Scaling',
    source: ESS,
  },
  {
    key: 'k8s.aliyun.com/ess-scaling-group-name',
    summary: 'Name of the ESS scaling group.',
    doc: 'Only for Auto Scaling `ApplyScalingGroup`: name of the scaling group it creates from the Deployment.',
    value: { kind: 'text' },
    example: 'eci-nginx-scaling-group',
    placement: ['pod'],
    group: 'Auto Scaling',
    source: ESS,
  },

  // ---- Keys from ACK guides (Spark, network policy, Knative) ----------------------------------------------------------
  {
    key: 'k8s.aliyun.com/eci-kube-proxy-enabled',
    summary: 'Run kube-proxy in the ECI pod (Service ClusterIPs reachable from the pod).',
    doc:
      'When `"true"`, ECI runs kube-proxy inside the pod, so that the pod can reach other Services by their ClusterIP. ' +
      'The ACK Spark guides set it on both the driver and the executor pods.',
    value: { kind: 'boolean' },
    example: 'true',
    placement: ['pod'],
    group: 'Network',
    seenIn: 'public Spark-on-ECI SparkApplication manifests (driver annotations) and on live ECI pods',
    source: 'https://www.alibabacloud.com/help/en/ack/cloud-native-ai-suite/use-cases/use-elastic-container-instance-to-run-spark-jobs',
  },
  {
    key: 'k8s.aliyun.com/eci-network-policy-enable',
    summary: 'Enforce Kubernetes NetworkPolicies on the ECI pod.',
    doc: 'When `"true"`, NetworkPolicies apply to this ECI pod (ECI pods are outside the policy agent by default).',
    value: { kind: 'boolean' },
    example: 'true',
    placement: ['pod'],
    group: 'Network',
    seenIn: 'Alibaba Cloud guides for network policies on virtual nodes',
    source: 'https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/use-network-policies',
  },
  {
    key: 'knative.aliyun.com/reserve-instance-eci-use-specs',
    summary: 'Instance types of Knative reserved instances (at most 5).',
    doc:
      'ACK Knative: the specs of the low-cost reserved instance that keeps a scaled-to-zero revision warm. ' +
      'Comma list of at most 5 ECS instance types or `<vCPU>-<memory>Gi` specs, like `k8s.aliyun.com/eci-use-specs`. ' +
      'Goes on the revision template of a Knative Service.',
    value: { kind: 'specList', max: 5 },
    example: 'ecs.t6-c1m1.large,ecs.t5-lc1m2.small',
    placement: ['pod'],
    group: 'Knative',
    source: 'https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/configure-a-reserved-instance',
  },
  {
    key: 'k8s.aliyun.com/eci-instance-cpu',
    summary: 'vCPUs of the ECI instance (set by ECI).',
    doc: `Number of vCPUs of the instance ECI created for the pod. ${SYSTEM_NOTE}`,
    value: { kind: 'text' },
    example: '2.0',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    undocumented: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/eci-instance-mem',
    summary: 'Memory of the ECI instance, GiB (set by ECI).',
    doc: `Memory, in GiB, of the instance ECI created for the pod. ${SYSTEM_NOTE}`,
    value: { kind: 'text' },
    example: '4.0',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    undocumented: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/eci-instance-zone',
    summary: 'Zone of the ECI instance (set by ECI).',
    doc: `Zone ID where ECI created the instance, for example \`cn-hangzhou-h\`. ${SYSTEM_NOTE}`,
    value: { kind: 'text' },
    example: 'cn-hangzhou-h',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    undocumented: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/eci-client-token',
    summary: 'Idempotency token of the create request (set by ECI).',
    doc: `Client token the virtual node used to create the instance, so retries do not create a second one. ${SYSTEM_NOTE}`,
    value: { kind: 'text' },
    example: '6c1f0e3e-****',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    undocumented: true,
    source: A1,
  },
  {
    key: 'k8s.aliyun.com/eci-drop-apiserver-interactive-caps',
    summary: 'Whether interactive API server capabilities were dropped (set by ECI).',
    doc: `Set by the virtual node on the pod; it appears to record that interactive API server capabilities (exec, attach) were dropped for the instance. ${SYSTEM_NOTE}`,
    value: { kind: 'text' },
    example: 'true',
    placement: ['pod'],
    group: 'System',
    readOnly: true,
    undocumented: true,
    source: A1,
  },

  // ---- §1.5 Getting a pod onto ECI -----------------------------------------------------------------------------------
  {
    key: 'alibabacloud.com/burst-resource',
    summary: 'Discontinued: burst pods to ECI when ECS capacity runs out.',
    doc:
      'Elastic scheduling in ACK Pro (1.18 and later). Without it, pods run on ECS only; other values make scheduling fail. ' +
      '**Discontinued for Kubernetes 1.24 and later**, replaced by ResourcePolicy. ' +
      'Cannot be combined with `alibabacloud.com/fluid-sidecar-target: eci`.',
    value: {
      kind: 'enum',
      values: [
        { value: 'eci', doc: 'Use ECI when ECS capacity runs out.' },
        { value: 'eci_only', doc: 'Use ECI only.' },
      ],
    },
    example: 'eci',
    placement: ['pod'],
    group: 'Scheduling',
    deprecated: true,
    source: BR,
  },
];

/** Labels that route pods to ECI (or, for `alibabacloud.com/acs`, to ACS). */
export const ROUTING_LABELS: readonly RoutingLabel[] = [
  {
    key: 'alibabacloud.com/eci',
    doc:
      'Label (not an annotation) on the pod template or on the Namespace that schedules pods to the ECI virtual node ' +
      'in ACK clusters that mix real and virtual nodes. Not needed in ACK Serverless, where every pod is ECI.',
    value: 'true',
    source: VK,
  },
  {
    key: 'alibabacloud.com/acs',
    doc:
      'Label that sends pods to **ACS** (Container Compute Service), a different product from ECI. ' +
      'ACS documents its own pod annotations (for example `network.alibabacloud.com/pod-with-eip` for EIPs).',
    value: 'true',
    source: 'https://www.alibabacloud.com/help/en/cs/notes-on-mounting-an-independent-public-network-eip-for-a',
  },
];
