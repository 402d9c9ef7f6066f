package io.omnihub.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the team's {@code shared/} folder (reference documents, official specs). It exists on
 * developer machines and in CI, not on a user's machine: tests that read it call
 * {@link #require(String)}, which skips the test cleanly when it is absent.
 */
public final class SharedDir {

    private SharedDir() {
    }

    /** The shared folder: {@code -Domnihub.shared.dir}, else {@code ../shared} from the working dir upwards. */
    public static Optional<Path> find() {
        String prop = System.getProperty("omnihub.shared.dir");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Optional.of(Path.of(prop).toAbsolutePath().normalize());
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("contract"))) {
                return Optional.of(candidate);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    /** A path inside the shared folder; the calling test is skipped when it is absent. */
    public static Path require(String relative) {
        Optional<Path> root = find();
        Assumptions.assumeTrue(root.isPresent(), "shared/ folder not present: skipping");
        Path p = root.get().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "shared/" + relative + " not present: skipping");
        return p;
    }
}
