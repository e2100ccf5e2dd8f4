/** How the language service sees the user's Alibaba Cloud account: an interface, so tests pass a fake. */
import type { AccountResourceKind } from './catalogue/types';

/** One resource that can fill an annotation value. */
export interface AccountResource {
  kind: AccountResourceKind;
  /** `eip-…`, `cbwp-…` or `pippool-…`. */
  id: string;
  name?: string;
  /** EIP address; empty for packages and pools. */
  ipAddress?: string;
  /** `Available`, `InUse`, `Created`, … as the API reports it. */
  status?: string;
  /** Mbit/s, as text. */
  bandwidth?: string;
  chargeType?: string;
  internetChargeType?: string;
  isp?: string;
  /** What the resource is attached to, e.g. `EcsInstance i-bp1…`. */
  attachedTo?: string;
}

/** The account as the service needs it. Implementations must never throw secrets in messages. */
export interface AccountResources {
  /** Whether account features are usable now (trusted workspace, feature on, credentials found). */
  isConnected(): boolean;
  /** All resources of a kind in the configured region; rejects with a user-facing message. */
  list(kind: AccountResourceKind): Promise<readonly AccountResource[]>;
}
