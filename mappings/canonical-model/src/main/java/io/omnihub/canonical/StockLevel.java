package io.omnihub.canonical;

import java.math.BigDecimal;
import java.time.Instant;

/** Canonical stock level ({@code io.omnihub.stock.changed.v1}). */
public record StockLevel(String sku, String locationId, BigDecimal onHand, BigDecimal available, BigDecimal reserved,
                         Instant asOf, SourceRef source) {
}
