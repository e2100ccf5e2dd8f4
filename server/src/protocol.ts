/** Custom messages between the client and the server, one constant per method with its types. */
import type { AccountResource } from './service/account';
import type { AccountResourceKind } from './service/catalogue/types';

/** Server → client: list account resources (the client owns credentials and the SDK). */
export const ListAccountResources = 'eci/listAccountResources';
export interface ListAccountResourcesParams {
  kind: AccountResourceKind;
}
export type ListAccountResourcesResult =
  | { ok: true; resources: AccountResource[] }
  | { ok: false; message: string };

/** Client → server notification: whether account features are usable (trust, setting, credentials). */
export const AccountStateChanged = 'eci/accountStateChanged';
export interface AccountStateParams {
  connected: boolean;
}

/** Client-side command the service's code actions run to pick a resource and insert its ID. */
export const PickResourceCommand = 'eciAnnotations.pickResource';
export interface PickResourceArgs {
  uri: string;
  /** Document version the edit was computed for. */
  version: number;
  kind: AccountResourceKind;
  /** Edit target: the value range to replace, or the insertion point for a new annotation line. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** Text to insert with `${id}` standing for the chosen ID (keeps quoting style and any new key line). */
  template: string;
}

/** `initializationOptions` a client sends. VS Code's client sends both; other editors may send `language` or nothing. */
export interface EciInitializationOptions {
  /** The display language (`auto`, `en`, `zh-cn`); `auto` or nothing follows `initialize.locale`. */
  language?: string;
  /** The client runs the `eciAnnotations.pickResource` command, so account pickers can be offered as code actions. */
  pickResourceCommand?: boolean;
}
