package io.moeplatform.core.spec;

/**
 * One thing wrong with a job spec.
 *
 * @param field the JSON path of the field at fault, e.g. {@code moe.topK}
 * @param message why, with the values, e.g. {@code topK (3) > experts (2)}
 */
public record SpecViolation(String field, String message) {}
