package io.infergate.cluster;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;

/**
 * One Run:ai cluster as the gateway sees it: its short name, its {@code clusterId} and the control plane that serves it.
 *
 * @param name short name from configuration, used in logs, metrics and error messages
 * @param id the Run:ai {@code clusterId}
 * @param url base URL of the control plane (http or https, no query or fragment)
 */
public record Cluster(String name, UUID id, URI url) {

    public Cluster {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        if (name.isBlank()) {
            throw new IllegalArgumentException("cluster name must not be blank");
        }
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("cluster " + name + ": url must be http or https, was " + url);
        }
        if (url.getHost() == null || url.getQuery() != null || url.getFragment() != null) {
            throw new IllegalArgumentException(
                    "cluster " + name + ": url must have a host and no query or fragment, was " + url);
        }
    }

    /**
     * @return whether requests to this control plane use TLS
     */
    public boolean tls() {
        return "https".equals(url.getScheme());
    }

    /**
     * @return the port the control plane listens on, defaulted from the scheme
     */
    public int port() {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        return tls() ? 443 : 80;
    }

    /**
     * @return the path prefix the API paths are appended to, without a trailing slash
     */
    public String basePath() {
        String path = url.getRawPath();
        if (path == null) {
            return "";
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @Override
    public String toString() {
        return name + " (" + id + ")";
    }
}
