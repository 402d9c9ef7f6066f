package io.omnihub.canonical;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/**
 * An amount of money: a decimal string scaled to the currency's minor units ({@code "19.99"},
 * {@code "1000"} for JPY, {@code "1.500"} for KWD) and an ISO-4217 upper-case currency. Never a
 * binary floating point number.
 */
public record Money(String amount, String currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    /** From a decimal string as Shopify, WooCommerce or PayPal send it. */
    public static Money of(String decimal, String currency) {
        return of(new BigDecimal(decimal.trim()), currency);
    }

    /** From a decimal, scaled to the currency's minor units (half-even if the source had more digits). */
    public static Money of(BigDecimal amount, String currency) {
        String code = currency.trim().toUpperCase(Locale.ROOT);
        return new Money(amount.setScale(minorDigits(code), RoundingMode.HALF_EVEN).toPlainString(), code);
    }

    /** From integer minor units as Stripe, Square and Adyen send them (1999 EUR -> "19.99"). */
    public static Money ofMinor(long minorUnits, String currency) {
        String code = currency.trim().toUpperCase(Locale.ROOT);
        return new Money(BigDecimal.valueOf(minorUnits).movePointLeft(minorDigits(code))
                .setScale(minorDigits(code), RoundingMode.UNNECESSARY).toPlainString(), code);
    }

    /** Zero in a currency. */
    public static Money zero(String currency) {
        return of(BigDecimal.ZERO, currency);
    }

    /**
     * Minor-unit digits of a currency: ISO-4217 as the JDK knows it, with the exceptions payment
     * platforms use. Unknown codes default to 2.
     */
    public static int minorDigits(String currencyCode) {
        String code = currencyCode.toUpperCase(Locale.ROOT);
        try {
            int d = Currency.getInstance(code).getDefaultFractionDigits();
            return d < 0 ? 2 : d;
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }

    /** The amount as a decimal. */
    public BigDecimal value() {
        return new BigDecimal(amount);
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " vs " + other.currency);
        }
        return of(value().add(other.value()), currency);
    }
}
