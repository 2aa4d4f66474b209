package io.moeplatform.platform.web;

import java.util.List;

/**
 * One page of a listing: {@code page} is 0-based, {@code size} the page size asked for, {@code
 * total} the number of items over all pages.
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    /** Checks {@code page} (≥ 0) and {@code size} (1..200) as the list endpoints take them. */
    public static void check(int page, int size) {
        if (page < 0) {
            throw ApiException.invalid("page", "must be >= 0, was " + page);
        }
        if (size < 1 || size > 200) {
            throw ApiException.invalid("size", "must be in 1..200, was " + size);
        }
    }
}
