package io.omnihub.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${ENV_VAR}}, {@code ${ENV_VAR:default}} and {@code ${file:/path/to/secret}}
 * placeholders in config values. Unresolvable placeholders are reported, never replaced by empty
 * strings; resolved values are never echoed in messages.
 */
public final class Placeholders {

    private static final Pattern P = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    private final Function<String, Optional<String>> lookup;

    public Placeholders(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** Whether the text contains at least one placeholder. */
    public static boolean hasPlaceholder(String text) {
        return text != null && P.matcher(text).find();
    }

    /**
     * Whether the text is exactly one reference to a secret kept elsewhere: {@code ${NAME}} or
     * {@code ${file:/path}}; a {@code ${NAME:default}} carries a literal and is not one.
     */
    public static boolean isPureReference(String text) {
        if (text == null) {
            return false;
        }
        Matcher m = P.matcher(text.trim());
        if (!m.matches()) {
            return false;
        }
        return m.group(2) == null || m.group(1).trim().equals("file");
    }

    /** Whether the text contains at least one reference without a literal default. */
    public static boolean hasReference(String text) {
        if (text == null) {
            return false;
        }
        Matcher m = P.matcher(text);
        while (m.find()) {
            if (m.group(2) == null || m.group(1).trim().equals("file")) {
                return true;
            }
        }
        return false;
    }

    /** The text with every placeholder resolved, or the problems (one per unresolvable placeholder). */
    public Result resolve(String text) {
        Matcher m = P.matcher(text);
        StringBuilder out = new StringBuilder();
        List<String> problems = new java.util.ArrayList<>();
        while (m.find()) {
            String name = m.group(1).trim();
            String def = m.group(2);
            String value;
            if (name.equals("file") && def != null) {
                value = readFile(def.trim(), problems);
            } else {
                value = lookup.apply(name).orElse(def);
                if (value == null) {
                    problems.add("environment variable " + name + " is not set");
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return new Result(out.toString(), problems);
    }

    private static String readFile(String path, List<String> problems) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            problems.add("secret file " + path + " cannot be read");
            return null;
        }
    }

    /** A resolved value and the problems met. */
    public record Result(String value, List<String> problems) {
    }
}
