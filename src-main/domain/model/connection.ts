// A fabric connection (a named endpoint) as the console keeps it. Its secret is never part of it: that lives
// in the OS keychain under the connection's id.

/** The fabrics a connection can reach; mirrors the site kinds (a physical server is reached through its process server). */
export const CONNECTION_KINDS = ['vmm', 'hyperv', 'vmware', 'physical', 'azure'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

/** What an operator gives for a connection (the contract's ConnectionDraft validates it on the wire). */
export interface ConnectionFields {
  name: string;
  kind: ConnectionKind;
  /** Host name, URL or subscription id of the endpoint. */
  address: string;
  userName: string;
  siteId?: string | null | undefined;
}

/** A connection as stored: never its secret. */
export interface Connection {
  id: string;
  name: string;
  kind: ConnectionKind;
  address: string;
  userName: string;
  siteId: string | null;
  createdAt: string;
  updatedAt: string;
}
