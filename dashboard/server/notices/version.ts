// The catalog version the service reports (/api/health): the rules/ hash its build embeds, and the hash of the
// notices published through it, read from the database at each ask — so a notice published by another service on
// the same database changes it here too, and this engine takes that notice before the answer names it.
import { combinedCatalogVersion } from "../../../shared/catalog/notices-version.ts";
import { catalogVersion, versionOfPublishedNotices } from "../../../shared/catalog/version-node.ts";
import type { Engine } from "../../../shared/engine/engine.ts";
import type { Executor } from "../db/open.ts";
import { knowNotices, publishedInOrder } from "./admit.ts";

export interface ServiceCatalogVersion {
  catalogVersion: string;
  rulesVersion: string;
  noticesVersion: string | null;
  publishedNotices: string[];
}

// rules/ is read once: the service computes with the catalog it started on.
const RULES_VERSION = catalogVersion();

export async function serviceCatalogVersion(ex: Executor, engine: Engine): Promise<ServiceCatalogVersion> {
  const published = await publishedInOrder(ex);
  const ids = published.map((n) => n.id);
  await knowNotices(ex, engine, ids);
  const noticesVersion = versionOfPublishedNotices(published.map((n) => n.notice));
  return { catalogVersion: combinedCatalogVersion(RULES_VERSION, noticesVersion), rulesVersion: RULES_VERSION, noticesVersion, publishedNotices: ids };
}
