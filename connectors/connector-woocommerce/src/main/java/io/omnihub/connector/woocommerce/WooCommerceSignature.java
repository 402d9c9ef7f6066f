package io.omnihub.connector.woocommerce;

import io.omnihub.connector.support.Signatures;
import java.util.Base64;
import java.util.Optional;

/**
 * WooCommerce's webhook signature: {@code base64(HMAC-SHA256(raw body, wp_specialchars_decode(secret)))},
 * as {@code WC_Webhook::generate_signature()} computes it, carried in {@code X-WC-Webhook-Signature}.
 */
public final class WooCommerceSignature {

    /** The header WooCommerce puts the signature in. */
    public static final String HEADER = "X-WC-Webhook-Signature";

    private WooCommerceSignature() {
    }

    /** The base64 signature WooCommerce sends for {@code body} with {@code secret} (entity-decoded first). */
    public static String sign(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(
                Signatures.hmacSha256(Signatures.utf8(decodeSpecialChars(secret)), body));
    }

    /** Whether {@code headerValue} is the signature of {@code body} under {@code secret}, compared in constant time. */
    public static boolean matches(String secret, byte[] body, String headerValue) {
        Optional<byte[]> given = Signatures.decodeBase64(headerValue);
        if (given.isEmpty()) {
            return false;
        }
        byte[] expected = Signatures.hmacSha256(Signatures.utf8(decodeSpecialChars(secret)), body);
        return Signatures.equal(expected, given.get());
    }

    /**
     * WordPress {@code wp_specialchars_decode($s, ENT_QUOTES)}: decodes {@code &amp; &lt; &gt; &quot;}
     * and the single-quote entities {@code &#039; &#39; &#x27;}, nothing else. {@code &amp;} is decoded last
     * so that {@code &amp;lt;} becomes {@code &lt;}, as in PHP.
     */
    static String decodeSpecialChars(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#039;", "'").replace("&#39;", "'").replace("&#x27;", "'").replace("&#X27;", "'")
                .replace("&amp;", "&");
    }
}
