// drachtio-fsmrf 4.1 ships no typings; the adapter describes the parts it uses in library-types.ts.
declare module 'drachtio-fsmrf' {
  const Mrf: new (srf: unknown, opts?: Record<string, unknown>) => unknown;
  export default Mrf;
}

declare module 'drachtio-fsmrf/lib/mediaserver.js' {
  const MediaServer: new (
    conn: unknown,
    mrf: unknown,
    listenAddress: string,
    listenPort: number,
    advertisedAddress?: string,
    advertisedPort?: number,
    profile?: string,
  ) => unknown;
  export default MediaServer;
}

declare module 'drachtio-modesl' {
  const esl: { Connection: new (host: string, port: number, password: string, onReady?: () => void) => unknown; Event: { prototype: unknown } };
  export default esl;
}
