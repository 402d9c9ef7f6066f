package io.omnihub.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads documented platform payloads kept under {@code test-fixtures/src/main/resources/fixtures/}.
 * Each platform folder has a README naming the source of every file.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** Raw bytes of a classpath resource such as {@code fixtures/shopify/orders-create.json}. */
    public static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture on the classpath: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }
}
