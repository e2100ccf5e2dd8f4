/** The one table that says, for each Kubernetes kind, where its pods' annotations live and where they are ignored. */
import type { MessageKey } from '../l10n';
import type { Placement } from './types';

/**
 * A path from the document root to a map. Segments are keys; `[]` means "every item of this sequence",
 * a `*` segment means "every value of this map" (`spec.tfReplicaSpecs.*.template`).
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
  /**
   * Path of the replica count of this template's own group, when the kind has one per template (a Volcano task, a Ray
   * worker group, a Kubeflow role). It shares the site's path up to its last `[]`/`*`, which pairs each map with its count.
   */
  replicas?: Path;
  /** Why annotations here are lost and what to do, when no move target can be named (a message key). */
  hint?: MessageKey;
  /** The site is a pod template written inside the object's `metadata` (its `spec` indented too far). */
  insideMetadata?: boolean;
  /** Annotations here are never moved by a quick fix (the right target is not certain). */
  noMove?: boolean;
  /** Not a YAML map of its own (Spark conf keys, a values file): no fix may create or move maps here. */
  synthetic?: boolean;
  /** Entries inside another language (JSON in a string): reported, but no text fix is offered. */
  noFixes?: boolean;
}

export interface KindPlacement {
  kinds: readonly string[];
  /**
   * `apiVersion` must be one of these: an entry ending in `/` is an API group (`apps/` matches `apps/v1`), any other
   * entry is matched exactly (`v1`). A document without `apiVersion` matches on the kind alone.
   */
  apiVersions: readonly string[];
  /** Which catalogue placement applies at `sites`. */
  placement: Placement;
  /** Where annotations reach the pod (or, for ImageCache, the cache). The first site without `[]` or `*` is the move target. */
  sites: readonly AnnotationSite[];
  /** Where ECI annotations look plausible but never reach a pod. */
  ignoredSites: readonly AnnotationSite[];
  /** Whether the controller copies the object's own `metadata.annotations` to the pods it makes. */
  propagatesOwnAnnotations: boolean;
  /** Where that was verified: the controller's docs or source. */
  source: string;
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

/** The pod template at `<path>.metadata`. */
function template(path: string, label = `the pod template (${path}.metadata)`): AnnotationSite {
  return { annotations: `${path}.metadata.annotations`, labels: `${path}.metadata.labels`, label };
}

const POD_TEMPLATE = template('spec.template');

/** KubeRay's head and worker group templates below a RayCluster spec at `prefix`. */
function rayGroups(prefix: string): AnnotationSite[] {
  return [
    template(`${prefix}headGroupSpec.template`, `the head pod template (${prefix}headGroupSpec.template.metadata)`),
    {
      ...template(`${prefix}workerGroupSpecs[].template`, `a worker group pod template (${prefix}workerGroupSpecs[].template.metadata)`),
      replicas: `${prefix}workerGroupSpecs[].replicas`,
    },
  ];
}

/** A Kubeflow training job: one pod template per replica role (`Master`, `Worker`, `PS`, `Launcher`, …). */
function kubeflowJob(kind: string, field: string): KindPlacement {
  return {
    kinds: [kind],
    apiVersions: ['kubeflow.org/'],
    placement: 'pod',
    sites: [{ ...template(`spec.${field}.*.template`, `a replica pod template (spec.${field}.<role>.template.metadata)`), replicas: `spec.${field}.*.replicas` }],
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: KUBEFLOW_SOURCE,
  };
}

const K8S_WORKLOADS = 'https://kubernetes.io/docs/concepts/workloads/pods/#pod-templates';
const KRUISE_CLONESET = 'https://github.com/openkruise/kruise/blob/master/pkg/controller/cloneset/core/cloneset_core.go';
const KRUISE_DOCS = 'https://openkruise.io/docs/user-manuals/cloneset';
const KUBERAY_SOURCE = 'https://github.com/ray-project/kuberay/blob/master/ray-operator/controllers/ray/common/pod.go';
const VOLCANO_SOURCE = 'https://github.com/volcano-sh/volcano/blob/master/pkg/controllers/job/job_controller_util.go';
const KUBEFLOW_SOURCE = 'https://github.com/kubeflow/training-operator/blob/master/pkg/controller.v1/common/pod.go';
const FLINK_SOURCE = 'https://nightlies.apache.org/flink/flink-kubernetes-operator-docs-main/docs/custom-resource/pod-template/';
const ROLLOUTS_SOURCE = 'https://argoproj.github.io/argo-rollouts/features/specification/';
const KSERVE_SOURCE = 'https://github.com/kserve/kserve/blob/master/pkg/controller/v1beta1/inferenceservice/components/predictor.go';

/** Kinds whose pods ECI creates, in the order they are matched. */
export const KIND_PLACEMENTS: readonly KindPlacement[] = [
  {
    kinds: ['Pod'],
    apiVersions: ['v1'],
    placement: 'pod',
    sites: [{ ...OWN_METADATA, label: "the pod's metadata" }],
    ignoredSites: [],
    propagatesOwnAnnotations: true,
    source: K8S_WORKLOADS,
  },
  {
    kinds: ['Deployment', 'ReplicaSet', 'StatefulSet'],
    apiVersions: ['apps/', 'extensions/'],
    placement: 'pod',
    sites: [POD_TEMPLATE],
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: K8S_WORKLOADS,
    replicas: 'spec.replicas',
  },
  {
    kinds: ['ReplicationController'],
    apiVersions: ['v1'],
    placement: 'pod',
    sites: [POD_TEMPLATE],
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: K8S_WORKLOADS,
    replicas: 'spec.replicas',
  },
  {
    kinds: ['DaemonSet'],
    apiVersions: ['apps/', 'extensions/'],
    placement: 'pod',
    sites: [POD_TEMPLATE],
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: K8S_WORKLOADS,
    manyPods: true,
  },
  {
    kinds: ['Job'],
    apiVersions: ['batch/'],
    placement: 'pod',
    sites: [POD_TEMPLATE],
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: K8S_WORKLOADS,
    replicas: 'spec.parallelism',
  },
  {
    kinds: ['CronJob'],
    apiVersions: ['batch/'],
    placement: 'pod',
    sites: [template('spec.jobTemplate.spec.template')],
    ignoredSites: [
      OWN_METADATA,
      {
        annotations: 'spec.jobTemplate.metadata.annotations',
        labels: 'spec.jobTemplate.metadata.labels',
        label: "the Job template's metadata (spec.jobTemplate.metadata)",
      },
    ],
    propagatesOwnAnnotations: false,
    source: K8S_WORKLOADS,
    replicas: 'spec.jobTemplate.spec.parallelism',
  },
  {
    kinds: ['PodTemplate'],
    apiVersions: ['v1'],
    placement: 'pod',
    sites: [template('template')],
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: K8S_WORKLOADS,
  },
  {
    kinds: ['Service'],
    apiVersions: ['serving.knative.dev/'],
    placement: 'pod',
    sites: [{ ...POD_TEMPLATE, label: 'the revision template (spec.template.metadata)' }],
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: 'https://knative.dev/docs/serving/services/creating-services/',
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
    propagatesOwnAnnotations: false,
    source: 'https://argo-workflows.readthedocs.io/en/latest/fields/#metadata',
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
    propagatesOwnAnnotations: false,
    source: 'https://argo-workflows.readthedocs.io/en/latest/fields/#metadata',
  },
  {
    kinds: ['Rollout'],
    apiVersions: ['argoproj.io/'],
    placement: 'pod',
    sites: [POD_TEMPLATE],
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: ROLLOUTS_SOURCE,
    replicas: 'spec.replicas',
  },
  {
    kinds: ['SparkApplication', 'ScheduledSparkApplication'],
    apiVersions: ['sparkoperator.k8s.io/'],
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
    propagatesOwnAnnotations: false,
    source: 'https://github.com/kubeflow/spark-operator/blob/master/docs/api-docs.md',
    replicas: 'spec.executor.instances',
  },
  {
    kinds: ['ElasticWorkload'],
    apiVersions: ['autoscaling.alibabacloud.com/'],
    placement: 'pod',
    sites: [{ annotations: 'spec.elasticUnit[].annotations', labels: 'spec.elasticUnit[].labels', label: 'an elastic unit (spec.elasticUnit[])' }],
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: 'https://help.aliyun.com/zh/ack/serverless-kubernetes/user-guide/use-elasticworkload-to-schedule-pods-to-elastic-container-instances',
  },
  {
    kinds: ['Selector'],
    apiVersions: ['eci.aliyun.com/', 'eci.alibabacloud.com/'],
    placement: 'pod',
    sites: [{ annotations: 'spec.effect.annotations', labels: 'spec.effect.labels', label: 'the selector effect (spec.effect)' }],
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: 'https://github.com/aliyuneci/eci-profile',
    profile: { matchLabels: 'spec.objectLabels.matchLabels' },
  },
  {
    kinds: ['ImageCache'],
    apiVersions: ['eci.alibabacloud.com/', 'eci.aliyun.com/'],
    placement: 'imageCache',
    sites: [{ ...OWN_METADATA, label: "the ImageCache's metadata" }],
    ignoredSites: [],
    propagatesOwnAnnotations: true,
    source: 'https://help.aliyun.com/zh/eci/user-guide/annotations-that-can-be-added-to-create-an-image-cache',
  },
  // OpenKruise: every workload builds its pods from its template alone (GetPodFromTemplate(&cs.Spec.Template, …)).
  {
    kinds: ['CloneSet', 'StatefulSet'],
    apiVersions: ['apps.kruise.io/'],
    placement: 'pod',
    sites: [POD_TEMPLATE],
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: KRUISE_CLONESET,
    replicas: 'spec.replicas',
  },
  {
    kinds: ['DaemonSet', 'BroadcastJob'],
    apiVersions: ['apps.kruise.io/'],
    placement: 'pod',
    sites: [POD_TEMPLATE],
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: KRUISE_DOCS,
    manyPods: true,
  },
  {
    kinds: ['AdvancedCronJob'],
    apiVersions: ['apps.kruise.io/'],
    placement: 'pod',
    sites: [
      template('spec.template.jobTemplate.spec.template', 'the Job pod template (spec.template.jobTemplate.spec.template.metadata)'),
      template('spec.template.broadcastJobTemplate.spec.template', 'the BroadcastJob pod template (spec.template.broadcastJobTemplate.spec.template.metadata)'),
    ],
    ignoredSites: [
      OWN_METADATA,
      {
        annotations: 'spec.template.jobTemplate.metadata.annotations',
        labels: 'spec.template.jobTemplate.metadata.labels',
        label: "the Job template's metadata (spec.template.jobTemplate.metadata)",
      },
      {
        annotations: 'spec.template.broadcastJobTemplate.metadata.annotations',
        labels: 'spec.template.broadcastJobTemplate.metadata.labels',
        label: "the BroadcastJob template's metadata (spec.template.broadcastJobTemplate.metadata)",
      },
    ],
    propagatesOwnAnnotations: false,
    source: 'https://openkruise.io/docs/user-manuals/advancedcronjob',
  },
  // KubeRay: pods come from the group templates; of the RayCluster's own annotations only ray.io/external-storage-namespace is read.
  {
    kinds: ['RayCluster'],
    apiVersions: ['ray.io/'],
    placement: 'pod',
    sites: rayGroups('spec.'),
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: KUBERAY_SOURCE,
  },
  {
    kinds: ['RayJob'],
    apiVersions: ['ray.io/'],
    placement: 'pod',
    sites: [...rayGroups('spec.rayClusterSpec.'), template('spec.submitterPodTemplate', 'the submitter pod template (spec.submitterPodTemplate.metadata)')],
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: KUBERAY_SOURCE,
  },
  {
    kinds: ['RayService'],
    apiVersions: ['ray.io/'],
    placement: 'pod',
    sites: rayGroups('spec.rayClusterConfig.'),
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: KUBERAY_SOURCE,
  },
  // Volcano: createJobPod takes the pod's annotations from the task template (plus a few scheduling keys of the Job).
  {
    kinds: ['Job'],
    apiVersions: ['batch.volcano.sh/'],
    placement: 'pod',
    sites: [{ ...template('spec.tasks[].template', 'a task pod template (spec.tasks[].template.metadata)'), replicas: 'spec.tasks[].replicas' }],
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: VOLCANO_SOURCE,
  },
  kubeflowJob('PyTorchJob', 'pytorchReplicaSpecs'),
  kubeflowJob('TFJob', 'tfReplicaSpecs'),
  kubeflowJob('MPIJob', 'mpiReplicaSpecs'),
  kubeflowJob('XGBoostJob', 'xgbReplicaSpecs'),
  kubeflowJob('PaddleJob', 'paddleReplicaSpecs'),
  kubeflowJob('MXJob', 'mxReplicaSpecs'),
  kubeflowJob('JAXJob', 'jaxReplicaSpecs'),
  // Flink Kubernetes operator: pods come from the pod templates (common, then job/task manager), merged.
  {
    kinds: ['FlinkDeployment'],
    apiVersions: ['flink.apache.org/'],
    placement: 'pod',
    sites: [
      template('spec.podTemplate', 'the common pod template (spec.podTemplate.metadata)'),
      template('spec.jobManager.podTemplate', 'the JobManager pod template (spec.jobManager.podTemplate.metadata)'),
      template('spec.taskManager.podTemplate', 'the TaskManager pod template (spec.taskManager.podTemplate.metadata)'),
    ],
    ignoredSites: [OWN_METADATA],
    propagatesOwnAnnotations: false,
    source: FLINK_SOURCE,
  },
  // KServe copies the InferenceService's own annotations to the component pods (minus a short disallowed list).
  {
    kinds: ['InferenceService'],
    apiVersions: ['serving.kserve.io/'],
    placement: 'pod',
    sites: [
      { ...OWN_METADATA, label: "the InferenceService's metadata (copied to its pods)" },
      { annotations: 'spec.predictor.annotations', labels: 'spec.predictor.labels', label: 'the predictor pods (spec.predictor)' },
      { annotations: 'spec.transformer.annotations', labels: 'spec.transformer.labels', label: 'the transformer pods (spec.transformer)' },
      { annotations: 'spec.explainer.annotations', labels: 'spec.explainer.labels', label: 'the explainer pods (spec.explainer)' },
    ],
    ignoredSites: [],
    propagatesOwnAnnotations: true,
    source: KSERVE_SOURCE,
  },
];

/** Lists of objects (`kubectl get -o yaml`, generated files): each item is checked like a document of its own. */
export function isListKind(kind: string): boolean {
  return kind === 'List' || /^[A-Z]\w*List$/.test(kind);
}

/** `metadata` fields only the API server writes: their presence marks an object read back from the cluster. */
export const READ_BACK_FIELDS: readonly string[] = ['uid', 'resourceVersion', 'ownerReferences', 'creationTimestamp', 'managedFields'];

/** Keys whose map is a pod template when its `spec` holds `containers` (any kind the table does not know). */
export const SHAPE_TEMPLATE_KEYS: readonly string[] = ['template', 'podTemplate'];

/** Spark configuration keys that set pod annotations; group 1 is the prefix, 2 the pod, 3 the annotation key. */
export const SPARK_CONF_ANNOTATION = /^(spark\.kubernetes\.(driver|executor)\.annotation\.)(.+)$/;

/** In a Helm values file: maps with these names hold pod annotations (`podAnnotations`, `annotations`, …) or labels. */
export const HELM_VALUES_ANNOTATIONS = /annotations$/i;
export const HELM_VALUES_LABELS = /labels$/i;

/** Keys that look like ECI's, which mark a values-file map as pod annotations wherever it sits. */
export const ECI_KEY_PATTERN = /^(?:k8s\.aliyun\.com\/|knative\.aliyun\.com\/reserve-instance-eci|alibabacloud\.com\/burst-resource$)/;

/** Pod annotations written as JSON inside a string value of another kind (the eci-profile ConfigMap). */
export interface JsonCarrier {
  kinds: readonly string[];
  /** `metadata.name` must be one of these. */
  names: readonly string[];
  /** Path of the string that holds the JSON. */
  path: Path;
  /** Path inside the JSON to the annotation objects (`[]` for every array item). */
  json: readonly string[];
  label: string;
}

export const JSON_CARRIERS: readonly JsonCarrier[] = [
  {
    kinds: ['ConfigMap'],
    names: ['eci-profile'],
    path: 'data.selectors',
    json: ['[]', 'effect', 'annotations'],
    label: 'an eci-profile selector (data.selectors[].effect.annotations)',
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
  return placement.sites.find((s) => !isMultiPath(s.annotations)) ?? placement.sites[0];
}

/** Whether a path passes through a list (`[]`) or every value of a map (`*`), so it names no single map. */
export function isMultiPath(path: Path): boolean {
  return path.includes('[]') || path.split('.').includes('*');
}

/** Whether an `apiVersion` matches a row's list: `group/` entries match the group, others match exactly. */
function apiVersionMatches(row: KindPlacement, apiVersion: string | undefined): boolean {
  if (apiVersion === undefined) return true;
  return row.apiVersions.some((v) => (v.endsWith('/') ? apiVersion.startsWith(v) : apiVersion === v));
}

/** Finds the row for a kind and apiVersion, or undefined for kinds ECI does not know. */
export function findKindPlacement(kind: string | undefined, apiVersion: string | undefined): KindPlacement | undefined {
  if (!kind) return undefined;
  return KIND_PLACEMENTS.find((row) => row.kinds.includes(kind) && apiVersionMatches(row, apiVersion));
}
