package io.omnihub.connector.api;

/** Kinds of entities that flow through the hub; each maps to one broker address. */
public enum EntityKind {
    ORDER("order"),
    PRODUCT("product"),
    STOCK("stock"),
    PAYMENT("payment"),
    REFUND("refund"),
    FULFILLMENT("fulfillment");

    private final String key;

    EntityKind(String key) {
        this.key = key;
    }

    /** Lower-case key used in subjects, addresses ({@code omnihub.<key>}) and subscriptions. */
    public String key() {
        return key;
    }

    /** Parses a subscription key such as {@code order}; null when unknown. */
    public static EntityKind fromKey(String key) {
        for (EntityKind k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }
}
