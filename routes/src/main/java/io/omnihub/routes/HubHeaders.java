package io.omnihub.routes;

/**
 * Message header (JMS property) names. Camel headers with these names travel as JMS properties; all
 * are valid Java identifiers so no encoding applies. Inbound HTTP headers never become Camel headers
 * (the webhook body and an allow-listed header map travel in the message instead).
 */
public final class HubHeaders {

    /** Artemis duplicate detection id. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** Artemis last-value queue key. */
    public static final String LAST_VALUE = "_AMQ_LVQ_NAME";
    /** JMS message group (per-entity ordering). */
    public static final String GROUP_ID = "JMSXGroupID";

    public static final String CONNECTOR_ID = "OmnihubConnectorId";
    public static final String DESTINATION_ID = "OmnihubDestinationId";
    public static final String RECEIVED_AT = "OmnihubReceivedAt";
    /** The CloudEvent time (when the platform says the change happened), for end-to-end latency. */
    public static final String EVENT_TIME = "OmnihubEventTime";
    public static final String REQUEST_URL = "OmnihubRequestUrl";
    public static final String REQUEST_HEADERS = "OmnihubRequestHeaders";
    public static final String EVENT_TYPE = "OmnihubEventType";
    public static final String SUBJECT = "OmnihubSubject";
    public static final String DEDUPE_KEY = "OmnihubDedupeKey";
    /** The platform event key of a raw webhook (event id or body hash). */
    public static final String EVENT_KEY = "OmnihubEventKey";
    public static final String ENTITY_VERSION = "OmnihubEntityVersion";
    /** The CloudEvent id of a canonical message. */
    public static final String EVENT_ID = "OmnihubEventId";
    public static final String CONTENT_TYPE = "OmnihubContentType";
    public static final String ERROR_CLASS = "OmnihubErrorClass";
    public static final String ERROR_MESSAGE = "OmnihubErrorMessage";
    public static final String ERROR_ATTEMPTS = "OmnihubErrorAttempts";
    public static final String FAILED_AT = "OmnihubFailedAt";
    public static final String ORIGINAL_QUEUE = "OmnihubOriginalQueue";

    private HubHeaders() {
    }
}
