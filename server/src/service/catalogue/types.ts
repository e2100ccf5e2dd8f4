/** Types of the ECI annotation catalogue: one record per documented key, read by every feature. */

/** What a value must look like. Every value is a YAML string on the wire; `kind` says what the string holds. */
export type ValueType =
  | { kind: 'boolean'; only?: 'true' | 'false' }
  | { kind: 'integer'; min?: number; max?: number; unit?: string }
  | { kind: 'decimal'; maxDecimals?: number; min?: number }
  | { kind: 'enum'; values: readonly EnumValue[]; list?: { max?: number } }
  | {
      kind: 'id';
      prefix: IdPrefix;
      list?: { max?: number };
      /** Each ID may also be written `<region-id>:<id>` (cross-region form, e.g. `cn-beijing:cri-j36zhodptmyq****`). */
      regionQualified?: boolean;
    }
  | { kind: 'list'; item: string; itemPattern?: string; max?: number }
  | { kind: 'json'; shape: 'object' | 'array' }
  | { kind: 'quantity'; units?: readonly string[] }
  | { kind: 'specList'; max: number }
  | { kind: 'text'; pattern?: string; example?: string };

export interface EnumValue {
  value: string;
  doc: string;
}

export type IdPrefix = 'eip-' | 'cbwp-' | 'pippool-' | 'sg-' | 'vsw-' | 'imc-' | 'eap-' | 'cri-' | 'rg-';

/** Which metadata an annotation belongs on. `pod`: the pod template of any pod-making kind; `imageCache`: the ImageCache CRD. */
export type Placement = 'pod' | 'imageCache';

/** Account resources a value can be picked from. */
export type AccountResourceKind = 'eip' | 'bandwidthPackage' | 'ipPool';

/** Network resources a comma list of IDs can be picked from (several at once, through the network account). */
export type NetworkPickKind = 'vSwitch' | 'securityGroup';

/** Any kind a picker offers. */
export type PickKind = AccountResourceKind | NetworkPickKind;

/** True for the kinds listed through `AccountResources.list` (one ID per value). */
export function isAccountResourceKind(kind: PickKind | undefined): kind is AccountResourceKind {
  return kind === 'eip' || kind === 'bandwidthPackage' || kind === 'ipPool';
}

export interface Relation {
  /** The other annotation's key. */
  key: string;
  /** Only when the other key has one of these values (absent: any value). */
  values?: readonly string[];
  /** Only when this annotation has one of these values (absent: any value). */
  when?: readonly string[];
  /** Only at this placement (absent: every placement of the annotation). */
  placement?: Placement;
  /** Product wording of why the relation exists. */
  why: string;
}

export interface Annotation {
  key: string;
  /** One-line summary used in completion details. */
  summary: string;
  /** Markdown: what it does on ECI. */
  doc: string;
  value: ValueType;
  /** Default as ECI documents it; absent when not documented. */
  default?: string;
  example: string;
  placement: readonly Placement[];
  /** Feature group shown in docs, e.g. "EIP", "Network", "Spot". */
  group: string;
  /** Keys this one needs to have any effect. */
  requires?: readonly Relation[];
  /** Keys this one must not be combined with. The annotation that "loses" is this one. */
  conflicts?: readonly Relation[];
  /** The key with the same meaning at the other placement (pod ↔ ImageCache), e.g. `eci-with-eip` ↔ `auto-create-eip`. */
  counterpart?: string;
  /** Superseded by this key (legacy). */
  supersededBy?: string;
  /** Set by the system after scheduling: hover only, never completed, flagged when written by hand. */
  readOnly?: boolean;
  /** Legacy or discontinued without a successor key: still completed, but last and struck through. */
  deprecated?: boolean;
  /** Seen on live ECI pods but not in ECI's documentation (marked so in hover). */
  undocumented?: boolean;
  /** Where the key was seen, when it could not be checked against the stored ECI docs (marked so in hover). */
  seenIn?: string;
  /** Fixed ID or address that only one instance can hold. */
  singleInstance?: boolean;
  /** Account resource the value can be picked from. */
  pick?: PickKind;
  /** Documentation URL. */
  source: string;
  /** Values that still parse but are no longer supported. `pattern` is a JavaScript regular expression. */
  deprecatedValues?: readonly { pattern: string; message: string }[];
  /** Dynamic disks from a `WaitForFirstConsumer` StorageClass fail with this annotation (R16). */
  waitForFirstConsumer?: { when?: readonly string[]; why: string };
  /** Known misspellings of this key that ECI silently ignores (for example from old docs). */
  misspellings?: readonly string[];
}

/** A label that routes pods to ECI (labels are not annotations, but users mix them up). */
export interface RoutingLabel {
  key: string;
  doc: string;
  value: string;
  source: string;
}
