// How answers are compressed on the fly. Every API answer at @fastify/compress's defaults (gzip level 6, brotli
// quality 4); a streamed export at the fastest levels, since it is tens of megabytes of CSV that the compressor
// would otherwise spend more CPU on than the export itself: 36 MB of ledger text took 328 ms at gzip 6 (3.4 MB),
// 133 ms at gzip 1 (4.4 MB); 625 ms at brotli 4 (2.4 MB), 126 ms at brotli 1 (3.7 MB). An .xlsx is a zip already
// and not compressed again (its type is not one the plugin compresses).
import zlib from "node:zlib";
import type { FastifyCompressOptions } from "@fastify/compress";

const COMMON = { encodings: ["br", "gzip"], threshold: 1024 } satisfies FastifyCompressOptions;

export const COMPRESSION: FastifyCompressOptions = { global: true, ...COMMON };

/** A route's own settings replace the plugin's whole (encodings and threshold too), so they repeat them. */
export const FAST_COMPRESSION = {
  ...COMMON,
  zlibOptions: { level: 1 },
  brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } },
} satisfies FastifyCompressOptions;
