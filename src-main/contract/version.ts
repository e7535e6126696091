// The version of the wire: channel names, input schemas and output DTOs (docs/architecture.md, "The contract
// owns the wire"). Raise it when a DTO or an input changes incompatibly; clients send theirs with each call
// (RequestMeta.clientVersion) so the audit and the logs can say which client took a decision.
export const CONTRACT_VERSION = '3.1.0';

/** What a client sends beside its input on every call (one optional field of the request, not of each channel). */
export interface RequestMeta {
  /** `<client>/<contract version it was built against>`, e.g. `renderer/2.0.0`. */
  clientVersion?: string;
}

/** The renderer's request meta (the preload and the web bridge send it with each call). */
export const RENDERER_REQUEST_META: RequestMeta = { clientVersion: `renderer/${CONTRACT_VERSION}` };
