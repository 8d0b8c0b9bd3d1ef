/** The parts of npm `ipp` (plain JavaScript, no bundled types) that the driver and simulator use. */
declare module 'ipp' {
  /** Attribute values as the library reads and writes them: one value, or an array for 1setOf. */
  export type IppValue = string | number | boolean | Date | IppValue[] | { [member: string]: IppValue } | undefined;
  export type IppGroup = Record<string, IppValue>;

  export interface IppMessage {
    version?: string;
    /** Operation name on requests, e.g. `Print-Job`. */
    operation?: string;
    /** Status-code name on responses, e.g. `successful-ok`. */
    statusCode?: string;
    id?: number;
    'operation-attributes-tag'?: IppGroup;
    'job-attributes-tag'?: IppGroup | IppGroup[];
    'printer-attributes-tag'?: IppGroup | IppGroup[];
    'unsupported-attributes-tag'?: IppGroup;
    data?: Buffer;
  }

  export interface IppParse {
    (buf: Buffer): IppMessage;
    /** Called for out-of-band and unknown value tags; the default logs to the console. */
    handleUnknownTag: (tag: number, name: string, length: number, read: (length: number) => string) => IppValue;
  }

  const ipp: {
    serialize(msg: IppMessage): Buffer;
    parse: IppParse;
    statusCodes: Record<string, number> & { lookup: Record<number, string> };
  };
  export default ipp;
}
