/** The little of @digitalbazaar/vc-bitstring-status-list (JavaScript, tests only) the tests use. */
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export interface BitstringStatusList {
    readonly length: number;
    /** The bit at `index` (the first index is the left-most bit). */
    getStatus(index: number): boolean;
  }
  /** Decodes a multibase (`u`) base64url GZIP `encodedList`. */
  export function decodeList(input: { encodedList: string }): Promise<BitstringStatusList>;
}
