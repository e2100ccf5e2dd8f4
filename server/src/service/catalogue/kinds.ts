/** The one table that says, for each Kubernetes kind, where its pods' annotations live and where they are ignored. */
import type { Placement } from './types';

/**
 * A path from the document root to a map. Segments are keys; `[]` means "every item of this sequence".
 * Example: `spec.templates[].metadata.annotations`.
 */
export type Path = string;

export interface AnnotationSite {
  /** Path of the annotations map. */
  annotations: Path;
  /** Path of the sibling labels map, when the site has one. */
  labels?: Path;
  /** How the site is named in messages; `{kind}` stands for the document's kind. */
  label: string;
}

export interface KindPlacement {
  kinds: readonly string[];
  /** `apiVersion` must start with one of these (absent: any). */
  apiVersions?: readonly string[];
  /** Which catalogue placement applies at `sites`. */
  placement: Placement;
  /** Where annotations reach the pod (or, for ImageCache, the cache). The first site without `[]` is the move target. */
  sites: readonly AnnotationSite[];
  /** Where ECI annotations look plausible but never reach a pod. */
  ignoredSites: readonly AnnotationSite[];
  /** Path of the replica count, when the kind makes several identical pods. */
  replicas?: Path;
  /** Always makes many pods (DaemonSet): a fixed IP or EIP is wrong whatever the replica count. */
  manyPods?: boolean;
  /** An eci-profile rule (Selector): its annotations apply to the pods whose labels match `matchLabels`. */
  profile?: { matchLabels: Path };
}

/** The eci-profile ConfigMap: the cluster's default vSwitches for ECI pods (older docs spell the key `vswitchIds`). */
export const ECI_PROFILE_CONFIG_MAP = { kind: 'ConfigMap', name: 'eci-profile', namespace: 'kube-system', vSwitchKeys: ['vSwitchIds', 'vswitchIds'] } as const;

const OWN_METADATA: AnnotationSite = {
  annotations: 'metadata.annotations',
  labels: 'metadata.labels',
  label: "the {kind}'s own metadata",
};

const POD_TEMPLATE: AnnotationSite = {
  annotations: 'spec.template.metadata.annotations',
  labels: 'spec.template.metadata.labels',
  label: 'the pod template (spec.template.metadata)',
};

/** Kinds whose pods ECI creates, in the order they are matched. */
export const KIND_PLACEMENTS: readonly KindPlacement[] = [
  {
    kinds: ['Pod'],
    placement: 'pod',
    sites: [{ ...OWN_METADATA, label: "the pod's metadata" }],
    ignoredSites: [],
  },
  {
    kinds: ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'],
    placement: 'pod',
    sites: [POD_TEMPLATE],
    ignoredSites: [OWN_METADATA],
    replicas: 'spec.replicas',
  },
  {
    kinds: ['DaemonSet'],
    placement: 'pod',
    sites: [POD_TEMPLATE],
    ignoredSites: [OWN_METADATA],
    manyPods: true,
  },
  {
    kinds: ['Job'],
    placement: 'pod',
    sites: [POD_TEMPLATE],
    ignoredSites: [OWN_METADATA],
    replicas: 'spec.parallelism',
  },
  {
    kinds: ['CronJob'],
    placement: 'pod',
    sites: [
      {
        annotations: 'spec.jobTemplate.spec.template.metadata.annotations',
        labels: 'spec.jobTemplate.spec.template.metadata.labels',
        label: 'the pod template (spec.jobTemplate.spec.template.metadata)',
      },
    ],
    ignoredSites: [
      OWN_METADATA,
      {
        annotations: 'spec.jobTemplate.metadata.annotations',
        labels: 'spec.jobTemplate.metadata.labels',
        label: "the Job template's metadata (spec.jobTemplate.metadata)",
      },
    ],
    replicas: 'spec.jobTemplate.spec.parallelism',
  },
  {
    kinds: ['PodTemplate'],
    placement: 'pod',
    sites: [{ annotations: 'template.metadata.annotations', labels: 'template.metadata.labels', label: 'the pod template (template.metadata)' }],
    ignoredSites: [OWN_METADATA],
  },
  {
    kinds: ['Service'],
    apiVersions: ['serving.knative.dev/'],
    placement: 'pod',
    sites: [{ ...POD_TEMPLATE, label: 'the revision template (spec.template.metadata)' }],
    ignoredSites: [OWN_METADATA],
  },
  {
    kinds: ['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate'],
    apiVersions: ['argoproj.io/'],
    placement: 'pod',
    sites: [
      { annotations: 'spec.podMetadata.annotations', labels: 'spec.podMetadata.labels', label: 'the workflow pod metadata (spec.podMetadata)' },
      { annotations: 'spec.templates[].metadata.annotations', labels: 'spec.templates[].metadata.labels', label: 'a template (spec.templates[].metadata)' },
    ],
    ignoredSites: [OWN_METADATA],
  },
  {
    kinds: ['CronWorkflow'],
    apiVersions: ['argoproj.io/'],
    placement: 'pod',
    sites: [
      {
        annotations: 'spec.workflowSpec.podMetadata.annotations',
        labels: 'spec.workflowSpec.podMetadata.labels',
        label: 'the workflow pod metadata (spec.workflowSpec.podMetadata)',
      },
      {
        annotations: 'spec.workflowSpec.templates[].metadata.annotations',
        labels: 'spec.workflowSpec.templates[].metadata.labels',
        label: 'a template (spec.workflowSpec.templates[].metadata)',
      },
    ],
    ignoredSites: [OWN_METADATA],
  },
  {
    kinds: ['SparkApplication', 'ScheduledSparkApplication'],
    placement: 'pod',
    sites: [
      { annotations: 'spec.driver.annotations', labels: 'spec.driver.labels', label: 'the driver pod (spec.driver)' },
      { annotations: 'spec.executor.annotations', labels: 'spec.executor.labels', label: 'the executor pods (spec.executor)' },
      {
        annotations: 'spec.template.driver.annotations',
        labels: 'spec.template.driver.labels',
        label: 'the driver pod (spec.template.driver)',
      },
      {
        annotations: 'spec.template.executor.annotations',
        labels: 'spec.template.executor.labels',
        label: 'the executor pods (spec.template.executor)',
      },
    ],
    ignoredSites: [OWN_METADATA],
    replicas: 'spec.executor.instances',
  },
  {
    kinds: ['ElasticWorkload'],
    placement: 'pod',
    sites: [{ annotations: 'spec.elasticUnit[].annotations', labels: 'spec.elasticUnit[].labels', label: 'an elastic unit (spec.elasticUnit[])' }],
    ignoredSites: [OWN_METADATA],
  },
  {
    kinds: ['Selector'],
    apiVersions: ['eci.aliyun.com/', 'eci.alibabacloud.com/'],
    placement: 'pod',
    sites: [{ annotations: 'spec.effect.annotations', labels: 'spec.effect.labels', label: 'the selector effect (spec.effect)' }],
    ignoredSites: [OWN_METADATA],
    profile: { matchLabels: 'spec.objectLabels.matchLabels' },
  },
  {
    kinds: ['ImageCache'],
    apiVersions: ['eci.alibabacloud.com/', 'eci.aliyun.com/'],
    placement: 'imageCache',
    sites: [{ ...OWN_METADATA, label: "the ImageCache's metadata" }],
    ignoredSites: [],
  },
];

/** Kinds that never make pods: ECI annotations on them do nothing. Unknown kinds are left alone. */
export const NON_POD_KINDS: readonly string[] = [
  'Service',
  'ConfigMap',
  'Secret',
  'Ingress',
  'IngressClass',
  'Namespace',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'StorageClass',
  'NetworkPolicy',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'LimitRange',
  'ResourceQuota',
  'Endpoints',
  'EndpointSlice',
  'CustomResourceDefinition',
  'PriorityClass',
];

/** Kinds that scale another object's replicas, and where they name it and its maximum. */
export interface AutoscalerPlacement {
  kinds: readonly string[];
  targetKind: Path;
  targetName: Path;
  maxReplicas: Path;
}

export const AUTOSCALERS: readonly AutoscalerPlacement[] = [
  { kinds: ['HorizontalPodAutoscaler'], targetKind: 'spec.scaleTargetRef.kind', targetName: 'spec.scaleTargetRef.name', maxReplicas: 'spec.maxReplicas' },
];

/** The site of a kind that misplaced annotations are moved to. */
export function moveTarget(placement: KindPlacement): AnnotationSite {
  return placement.sites.find((s) => !s.annotations.includes('[]')) ?? placement.sites[0];
}

/** Finds the row for a kind and apiVersion, or undefined for kinds ECI does not know. */
export function findKindPlacement(kind: string | undefined, apiVersion: string | undefined): KindPlacement | undefined {
  if (!kind) return undefined;
  return KIND_PLACEMENTS.find(
    (row) => row.kinds.includes(kind) && (!row.apiVersions || row.apiVersions.some((v) => (apiVersion ?? '').startsWith(v))),
  );
}
