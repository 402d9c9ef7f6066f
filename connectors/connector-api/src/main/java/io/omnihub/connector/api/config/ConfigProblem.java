package io.omnihub.connector.api.config;

/**
 * One problem in a config file: the field path (e.g. {@code spec.connection.baseUrl}) and what is
 * wrong with it, phrased for the person editing the file.
 */
public record ConfigProblem(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
