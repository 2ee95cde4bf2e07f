export declare const DIST_FOLDER: string;
export declare const BUILD_STAMP: string;
export declare function compiledIsFresh(outdir: string, root: string): boolean;
