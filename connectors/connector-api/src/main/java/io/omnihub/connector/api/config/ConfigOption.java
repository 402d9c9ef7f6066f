package io.omnihub.connector.api.config;

import java.util.List;

/**
 * One option a connector reads below {@code spec}, e.g. {@code connection.accessToken}. The list of
 * options in {@link io.omnihub.connector.api.ConnectorDescriptor} is the single source of truth for
 * validation and for the option table in the connector's docs page.
 *
 * @param path         dotted path below {@code spec}
 * @param type         value type
 * @param required     whether the option must be present
 * @param secret       secret options must be {@code ${ENV}} / {@code ${file:...}} placeholders, never literals
 * @param defaultValue default as text, or null
 * @param description  user-facing sentence for the docs
 * @param allowed      allowed values for {@link Type#ENUM}; empty otherwise
 */
public record ConfigOption(String path, Type type, boolean required, boolean secret, String defaultValue,
                           String description, List<String> allowed) {

    public ConfigOption {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    /** Value types the runtime knows how to check. */
    public enum Type { STRING, URL, INT, BOOLEAN, DURATION, ENUM, STRING_LIST, MAP }

    public static ConfigOption required(String path, Type type, String description) {
        return new ConfigOption(path, type, true, false, null, description, List.of());
    }

    public static ConfigOption optional(String path, Type type, String defaultValue, String description) {
        return new ConfigOption(path, type, false, false, defaultValue, description, List.of());
    }

    public static ConfigOption secret(String path, boolean required, String description) {
        return new ConfigOption(path, Type.STRING, required, true, null, description, List.of());
    }

    public static ConfigOption secretList(String path, boolean required, String description) {
        return new ConfigOption(path, Type.STRING_LIST, required, true, null, description, List.of());
    }

    public static ConfigOption oneOf(String path, String defaultValue, String description, String... allowed) {
        return new ConfigOption(path, Type.ENUM, false, false, defaultValue, description, List.of(allowed));
    }
}
