package io.omnihub.mapping.stripe;

import io.omnihub.canonical.Money;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/**
 * Converts Stripe's integer amounts to canonical {@link Money} using Stripe's own decimal rules,
 * which differ from ISO 4217 for some currencies.
 *
 * <p>Stripe's list (https://stripe.com/docs/currencies, sections "Zero-decimal currencies",
 * "Three-decimal currencies" and "Special cases"): zero-decimal BIF CLP DJF GNF JPY KMF KRW MGA PYG
 * RWF UGX VND VUV XAF XOF XPF; three-decimal BHD JOD KWD OMR TND; every other currency, including
 * the special cases ISK, HUF and TWD, is expressed with two decimals in the API (an ISK amount of
 * {@code 100} is 1 krona). The result is then scaled to the currency's ISO minor units as the
 * contract requires; when that would drop a non-zero fraction (historic fractional ISK charges)
 * the exact Stripe value is kept rather than rounded.
 */
public final class StripeMoney {

    /** Currencies Stripe expresses without minor units. */
    public static final Set<String> ZERO_DECIMAL = Set.of(
            "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF");

    /** Currencies Stripe expresses in thousandths. */
    public static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

    private StripeMoney() {
    }

    /** Decimal digits of Stripe's integer amounts in this currency (0, 2 or 3). */
    public static int stripeDigits(String currency) {
        String code = currency.trim().toUpperCase(Locale.ROOT);
        if (ZERO_DECIMAL.contains(code)) {
            return 0;
        }
        if (THREE_DECIMAL.contains(code)) {
            return 3;
        }
        return 2;
    }

    /** A Stripe amount (integer, Stripe's minor units) in a Stripe currency code (lower case) as canonical money. */
    public static Money of(long stripeAmount, String currency) {
        String code = currency.trim().toUpperCase(Locale.ROOT);
        BigDecimal value = BigDecimal.valueOf(stripeAmount).movePointLeft(stripeDigits(code));
        int iso = Money.minorDigits(code);
        if (value.stripTrailingZeros().scale() > iso) {
            // Never round money away: keep Stripe's exact value (e.g. a historic ISK 40.10 charge).
            return new Money(value.toPlainString(), code);
        }
        return Money.of(value, code);
    }
}
