package io.omnihub.connector.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC computation and constant-time comparison for webhook signatures. */
public final class Signatures {

    private Signatures() {
    }

    /**
     * HMAC-SHA256 of the concatenated parts. An empty key is valid HMAC (RFC 2104 pads keys with
     * zeros), which WooCommerce uses; {@link SecretKeySpec} refuses zero-length keys, so a single
     * zero byte stands in for it with the same result.
     */
    public static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static byte[] hmacSha256(String key, byte[]... parts) {
        return hmacSha256(key.getBytes(StandardCharsets.UTF_8), parts);
    }

    public static String hmacSha256Base64(String key, byte[]... parts) {
        return Base64.getEncoder().encodeToString(hmacSha256(key, parts));
    }

    public static String hmacSha256Hex(String key, byte[]... parts) {
        return HexFormat.of().formatHex(hmacSha256(key, parts));
    }

    /** Decodes standard base64; empty when the text is not valid base64. */
    public static Optional<byte[]> decodeBase64(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getDecoder().decode(text.trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Decodes hex (either case); empty when the text is not valid hex. */
    public static Optional<byte[]> decodeHex(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(HexFormat.of().parseHex(text.trim().toLowerCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Constant-time comparison of two byte arrays. */
    public static boolean equal(byte[] expected, byte[] actual) {
        return expected != null && actual != null && MessageDigest.isEqual(expected, actual);
    }

    /** UTF-8 bytes. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
