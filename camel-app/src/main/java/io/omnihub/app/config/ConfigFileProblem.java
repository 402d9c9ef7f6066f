package io.omnihub.app.config;

/** One problem in one config file: {@code config/shopify-eu.yaml: spec.connection.baseUrl: must be an absolute URL}. */
public record ConfigFileProblem(String file, String path, String message) {

    @Override
    public String toString() {
        return file + ": " + (path == null || path.isEmpty() ? "" : path + ": ") + message;
    }
}
