package io.omnihub.routes.store;

/**
 * The newest source version seen per entity. An update older than it is dropped (never applied),
 * an equal or newer one passes and advances it; the compare-and-set is atomic.
 */
public interface EntityVersions {

    /**
     * Advances the entity's version if {@code sortKey} is not older than the stored one.
     *
     * @return false when the update is older than what was already seen (drop it)
     */
    boolean advance(String entityKey, String version, String sortKey);

    EntityVersions NONE = (k, v, s) -> true;
}
