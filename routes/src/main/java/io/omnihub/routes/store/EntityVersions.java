package io.omnihub.routes.store;

/**
 * The newest source version seen per entity. An update older than it is dropped (never applied);
 * an equal version is a duplicate of what was already published (dropped, except when the same raw
 * message is redelivered after a crash, whose first attempt may have advanced the version without
 * committing); a newer one passes and advances it. The compare-and-set is atomic.
 */
public interface EntityVersions {

    /**
     * Advances the entity's version if {@code sortKey} is newer than the stored one (or equal, when
     * {@code allowEqual}).
     *
     * @return false when the update must be dropped
     */
    boolean advance(String entityKey, String version, String sortKey, boolean allowEqual);

    /**
     * As {@link #advance(String, String, String, boolean)}, recording {@code sourceRef} (the raw event)
     * as the one that advanced the version; an equal version from the same source passes again.
     */
    default boolean advance(String entityKey, String version, String sortKey, boolean allowEqual, String sourceRef) {
        return advance(entityKey, version, sortKey, allowEqual);
    }

    /** Whether {@code sortKey} is newer than the stored version (true when none is stored); no write. */
    boolean isNewer(String entityKey, String sortKey);

    /** Advance allowing an equal version. */
    default boolean advance(String entityKey, String version, String sortKey) {
        return advance(entityKey, version, sortKey, true);
    }

    EntityVersions NONE = new EntityVersions() {
        @Override
        public boolean advance(String k, String v, String s, boolean allowEqual) {
            return true;
        }

        @Override
        public boolean isNewer(String k, String s) {
            return true;
        }
    };
}
