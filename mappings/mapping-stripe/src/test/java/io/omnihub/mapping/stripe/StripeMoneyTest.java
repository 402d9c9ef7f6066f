package io.omnihub.mapping.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.canonical.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Stripe minor units to canonical money, per Stripe's zero-, two- and three-decimal lists. */
class StripeMoneyTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            // two-decimal (default)
            "1099, usd, 10.99",
            "1000, eur, 10.00",
            "0, gbp, 0.00",
            "-250, usd, -2.50",
            // zero-decimal per Stripe's list
            "1099, jpy, 1099",
            "500, krw, 500",
            "12000, clp, 12000",
            "3000, vnd, 3000",
            "1000, xof, 1000",
            "1000, ugx, 1000",
            // three-decimal per Stripe's list
            "10500, kwd, 10.500",
            "5120, bhd, 5.120",
            "1000, jod, 1.000",
            "1230, omr, 1.230",
            "2000, tnd, 2.000",
            // special cases: two decimals in the API even though the currency has no minor unit in practice
            "500, isk, 5",
            "12345, huf, 123.45",
            "10000, twd, 100.00",
    })
    void convertsStripeAmounts(long amount, String currency, String expected) {
        Money m = StripeMoney.of(amount, currency);
        assertThat(m.amount()).isEqualTo(expected);
        assertThat(m.currency()).isEqualTo(currency.toUpperCase());
    }

    @Test
    void fractionalIskIsKeptExactlyRatherThanRounded() {
        // ISK is two-decimal in Stripe's API but zero-decimal in ISO 4217: 40.10 must not become 40.
        assertThat(StripeMoney.of(4010, "isk")).isEqualTo(new Money("40.10", "ISK"));
    }

    @Test
    void stripeDigitsFollowStripesListsNotIso() {
        assertThat(StripeMoney.stripeDigits("mga")).isZero();
        assertThat(StripeMoney.stripeDigits("ISK")).isEqualTo(2);
        assertThat(StripeMoney.stripeDigits("kwd")).isEqualTo(3);
        assertThat(StripeMoney.stripeDigits("eur")).isEqualTo(2);
    }
}
