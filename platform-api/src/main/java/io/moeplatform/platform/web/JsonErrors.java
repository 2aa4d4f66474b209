package io.moeplatform.platform.web;

import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Names the JSON field at fault in an unreadable request body, from Jackson's path. */
final class JsonErrors {

    private JsonErrors() {}

    static Optional<String> field(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof DatabindException d && !d.getPath().isEmpty()) {
            return Optional.of(d.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "["));
        }
        return Optional.empty();
    }

    static String describe(HttpMessageNotReadableException e) {
        Optional<String> field = field(e);
        if (e.getCause() instanceof UnrecognizedPropertyException u) {
            return field.orElse(u.getPropertyName()) + ": unknown field";
        }
        if (e.getCause() instanceof DatabindException d) {
            String message = d.getOriginalMessage();
            return field.map(f -> f + ": " + message).orElse(message);
        }
        return "request body is not valid JSON";
    }
}
