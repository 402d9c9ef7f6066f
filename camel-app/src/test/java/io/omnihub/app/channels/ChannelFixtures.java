package io.omnihub.app.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.connector.support.Json;
import io.omnihub.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Helpers of the channel end-to-end tests: documented payloads from {@code src/test/resources/fixtures/<platform>/}
 * (sources in each folder's README.md) and an HMAC-SHA256 computed with the JDK alone, so the tests sign
 * webhooks independently of the connectors' own signature code.
 */
final class ChannelFixtures {

    private ChannelFixtures() {
    }

    /** The fixture's exact bytes. */
    static byte[] bytes(String path) {
        return Fixtures.bytes("fixtures/" + path);
    }

    /** The fixture's exact text. */
    static String text(String path) {
        return Fixtures.text("fixtures/" + path);
    }

    /** The fixture parsed as a JSON object (for documented payloads a test derives something from). */
    static ObjectNode object(String path) {
        try {
            return (ObjectNode) Json.mapper().readTree(bytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compact JSON bytes of a node. */
    static byte[] compact(JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** HMAC-SHA256 keyed with the UTF-8 bytes of {@code key} over the concatenated {@code parts}. */
    static byte[] hmacSha256(String key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(utf8(key), "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /** A marker unique to one request, so a test can prove it never reached the ERP. */
    static String marker(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
