export declare const DIST_DIR: string;
export declare const MANIFEST: string;
export declare function freshBundle(root: string): { entry: string } | { stale: string };
export declare function fileHash(path: string): string;
