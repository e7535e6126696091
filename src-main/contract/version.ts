// The version of the wire: channel names, input schemas and output DTOs (docs/architecture.md, "The contract
// owns the wire"). Raise it when a DTO or an input changes incompatibly; clients send theirs with each call
// (RequestMeta.clientVersion) so the audit and the logs can say which client took a decision.
export const CONTRACT_VERSION = '2.0.0';
