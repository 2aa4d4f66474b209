package io.moeplatform.platform.web;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A domain error that the API reports as an RFC 9457 problem: a stable {@code type} URI naming
 * the kind of problem, an HTTP status, a human-readable detail, and the values at fault as
 * extension members (for example {@code field} and {@code line}).
 */
public class ApiException extends RuntimeException {

    /** Problem types are stable URIs under this base; they name kinds, never requests. */
    public static final String TYPE_BASE = "https://moeplatform.io/problems/";

    private final HttpStatus status;
    private final String type;
    private final Map<String, Object> properties;

    public ApiException(HttpStatus status, String type, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.type = type;
        this.properties = Map.copyOf(properties);
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return URI.create(TYPE_BASE + type);
    }

    public Map<String, Object> properties() {
        return properties;
    }

    /** 404 for a resource that does not exist or belongs to another team: the two look the same. */
    public static ApiException notFound(String resource, Object id) {
        return new ApiException(
                HttpStatus.NOT_FOUND,
                "not-found",
                resource + " " + id + " not found",
                Map.of("resource", resource, "id", String.valueOf(id)));
    }

    /** 400 naming the request field at fault and why. */
    public static ApiException invalid(String field, String reason) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid-field", field + ": " + reason, Map.of("field", field));
    }

    public static ApiException conflict(String type, String detail, Map<String, Object> properties) {
        return new ApiException(HttpStatus.CONFLICT, type, detail, properties);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", detail, Map.of());
    }
}
