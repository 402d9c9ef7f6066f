package io.omnihub.connector.stripe;

import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.ConnectorDescriptor;
import io.omnihub.connector.api.ConnectorProvider;
import io.omnihub.connector.api.Flow;
import io.omnihub.connector.api.config.ConfigOption;
import io.omnihub.connector.api.config.ConfigOption.Type;
import io.omnihub.connector.api.config.ConfigProblem;
import io.omnihub.connector.api.config.ConnectorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The Stripe payment gateway: signed v1 webhooks and event polling into canonical payments and refunds. */
public final class StripeConnectorProvider implements ConnectorProvider {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);
    static final Duration DEFAULT_FUTURE_SKEW = Duration.ofSeconds(60);
    static final int DEFAULT_RPS = 25;
    static final int DEFAULT_PAGE_SIZE = 100;

    static final List<ConfigOption> OPTIONS = List.of(
            ConfigOption.required("connection.baseUrl", Type.URL,
                    "Stripe API base URL, normally https://api.stripe.com (a stub or stripe-mock in tests)."),
            ConfigOption.secret("connection.apiKey", true,
                    "Secret (sk_...) or restricted (rk_...) API key with read access to Events, PaymentIntents, Charges, Refunds and Disputes."),
            ConfigOption.optional("connection.apiVersion", Type.STRING, null,
                    "Stripe-Version header for API calls; set it to the API version of the webhook endpoint so polled and pushed objects have the same shape. Unset: the account's default version."),
            ConfigOption.optional("connection.stripeAccount", Type.STRING, null,
                    "Connect only: the connected account (acct_...) sent as Stripe-Account header."),
            ConfigOption.optional("connection.timeout", Type.DURATION, "30s", "Timeout of one API call."),
            ConfigOption.secretList("webhooks.secrets", true,
                    "Signing secrets (whsec_...) of the webhook endpoint; list the old and the new secret during a rotation."),
            ConfigOption.optional("webhooks.tolerance", Type.DURATION, "300s",
                    "How old the Stripe-Signature timestamp may be (Stripe's default tolerance is 300 s); older deliveries are answered 401."),
            ConfigOption.optional("webhooks.maxFutureSkew", Type.DURATION, "60s",
                    "How far in the future the Stripe-Signature timestamp may be (clock skew); further ahead is answered 401."),
            ConfigOption.optional("flows.webhooks.enabled", Type.BOOLEAN, "true", "Receive Stripe webhooks."),
            ConfigOption.optional("flows.payments.enabled", Type.BOOLEAN, "true",
                    "Poll GET /v1/events for payment and refund events (reconciliation of missed webhooks)."),
            ConfigOption.optional("flows.payments.interval", Type.DURATION, "5m", "Polling interval of the payments flow."),
            ConfigOption.optional("limits.requestsPerSecond", Type.INT, "25",
                    "Client-side request rate; Stripe allows 25/s in test mode and 100/s in live mode."),
            ConfigOption.optional("limits.pageSize", Type.INT, "100", "Events per page when polling (1 to 100)."),
            new ConfigOption("mapping.orderMetadataKeys", Type.STRING_LIST, false, false, "order_id",
                    "Metadata keys holding the merchant's order reference, tried in order (e.g. order_id, order_number).", List.of()),
            ConfigOption.optional("mapping.orderConnector", Type.STRING, null,
                    "Connector id of the shop whose orders the metadata names; payments then carry orderRef {orderConnector}:{reference}."));

    @Override
    public String type() {
        return "stripe";
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return new ConnectorDescriptor("stripe", "STRIPE", "Stripe",
                "Stripe payment gateway: signed v1 webhooks (payment_intent.*, charge.*, charge.dispute.*, refund.*) and "
                        + "GET /v1/events polling become canonical payment and refund events, linked to orders by metadata.",
                "https://docs.stripe.com/api",
                Set.of(Flow.WEBHOOKS_IN, Flow.PAYMENTS_IN), OPTIONS);
    }

    @Override
    public List<ConfigProblem> validate(ConnectorConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        config.string("connection.apiKey").ifPresent(k -> {
            if (k.startsWith("pk_")) {
                problems.add(new ConfigProblem("connection.apiKey",
                        "is a publishable key (pk_...); use a secret (sk_...) or restricted (rk_...) key"));
            }
        });
        config.string("connection.stripeAccount").ifPresent(a -> {
            if (!a.startsWith("acct_")) {
                problems.add(new ConfigProblem("connection.stripeAccount", "must be a connected account id (acct_...)"));
            }
        });
        List<String> secrets = config.strings("webhooks.secrets");
        for (int i = 0; i < secrets.size(); i++) {
            if (secrets.get(i).isBlank()) {
                problems.add(new ConfigProblem("webhooks.secrets[" + i + "]", "must not be empty"));
            }
        }
        Duration tolerance = duration(config, "webhooks.tolerance", DEFAULT_TOLERANCE, problems);
        if (tolerance != null && (tolerance.isZero() || tolerance.isNegative() || tolerance.compareTo(Duration.ofHours(1)) > 0)) {
            problems.add(new ConfigProblem("webhooks.tolerance",
                    "must be between 1s and 1h (0 would disable replay protection; Stripe's default is 300s)"));
        }
        Duration skew = duration(config, "webhooks.maxFutureSkew", DEFAULT_FUTURE_SKEW, problems);
        if (skew != null && tolerance != null && (skew.isNegative() || skew.compareTo(tolerance) > 0)) {
            problems.add(new ConfigProblem("webhooks.maxFutureSkew", "must be between 0s and webhooks.tolerance"));
        }
        int pageSize = integer(config, "limits.pageSize", DEFAULT_PAGE_SIZE, problems);
        if (pageSize < 1 || pageSize > 100) {
            problems.add(new ConfigProblem("limits.pageSize", "must be between 1 and 100 (Stripe's list limit)"));
        }
        int rps = integer(config, "limits.requestsPerSecond", DEFAULT_RPS, problems);
        if (rps < 1 || rps > 100) {
            problems.add(new ConfigProblem("limits.requestsPerSecond", "must be between 1 and 100 (Stripe's live-mode limit)"));
        }
        if (!config.flowEnabled("webhooks", true) && !config.flowEnabled("payments", true)) {
            problems.add(new ConfigProblem("flows", "enable at least one of flows.webhooks and flows.payments"));
        }
        return problems;
    }

    @Override
    public Connector create(ConnectorConfig config, ConnectorContext context) {
        return new StripeConnector(config, context);
    }

    private static Duration duration(ConnectorConfig c, String path, Duration fallback, List<ConfigProblem> problems) {
        try {
            return c.duration(path, fallback);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(path, e.getMessage()));
            return null;
        }
    }

    private static int integer(ConnectorConfig c, String path, int fallback, List<ConfigProblem> problems) {
        try {
            return c.integer(path, fallback);
        } catch (NumberFormatException e) {
            problems.add(new ConfigProblem(path, "must be an integer"));
            return fallback;
        }
    }
}
