package io.omnihub.canonical;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Canonical product ({@code io.omnihub.product.upserted.v1} and {@code ...product.deleted.v1}). */
public record Product(
        String productId,
        String externalId,
        String title,
        String description,
        String vendor,
        String productType,
        ProductStatus status,
        List<Option> options,
        List<Image> images,
        List<String> tags,
        List<Variant> variants,
        SourceRef source) {

    /** Product lifecycle. */
    public enum ProductStatus { ACTIVE, DRAFT, ARCHIVED, DELETED }

    /** A product option such as Size with its values. */
    public record Option(String name, List<String> values) {
    }

    /** A product image. */
    public record Image(String url, Integer position) {
    }

    /** A sellable variant; the SKU is the join key across channels. */
    public record Variant(String sku, String externalId, String gtin, String title, Map<String, String> optionValues,
                          Money price, Money compareAtPrice, Weight weight, Boolean trackInventory) {
    }

    /** A weight with its unit ({@code g}, {@code kg}, {@code lb}, {@code oz}). */
    public record Weight(BigDecimal value, String unit) {
    }
}
