package io.omnihub.canonical;

/** The canonical CloudEvent types, each with the broker address that carries it. */
public enum EventType {
    ORDER_UPSERTED("io.omnihub.order.upserted.v1", "order", Order.class),
    PRODUCT_UPSERTED("io.omnihub.product.upserted.v1", "product", Product.class),
    PRODUCT_DELETED("io.omnihub.product.deleted.v1", "product", Product.class),
    STOCK_CHANGED("io.omnihub.stock.changed.v1", "stock", StockLevel.class),
    PAYMENT_UPDATED("io.omnihub.payment.updated.v1", "payment", Payment.class),
    REFUND_UPDATED("io.omnihub.refund.updated.v1", "refund", Refund.class),
    FULFILLMENT_UPDATED("io.omnihub.fulfillment.updated.v1", "fulfillment", Fulfillment.class);

    private final String type;
    private final String entity;
    private final Class<?> dataType;

    EventType(String type, String entity, Class<?> dataType) {
        this.type = type;
        this.entity = entity;
        this.dataType = dataType;
    }

    /** The CloudEvents {@code type} attribute. */
    public String type() {
        return type;
    }

    /** Entity key: {@code order}, {@code product}, ... (destinations subscribe by it). */
    public String entity() {
        return entity;
    }

    /** Multicast broker address carrying this type, e.g. {@code omnihub.order}. */
    public String address() {
        return "omnihub." + entity;
    }

    /** Java type of {@code data}. */
    public Class<?> dataType() {
        return dataType;
    }

    public static EventType fromType(String type) {
        for (EventType t : values()) {
            if (t.type.equals(type)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown event type " + type);
    }
}
