// fontkit ships no type declarations; this is the small part the documents area uses.
declare module 'fontkit' {
  export interface Font {
    postscriptName: string;
    /** pdfkit accepts any object with `layout` as an already parsed font. */
    layout(text: string, features?: unknown): unknown;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
