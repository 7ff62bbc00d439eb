package dev.cognate.store.jdbc;

import dev.cognate.store.Page;
import java.util.List;
import java.util.function.Function;

/** Builds a page from a query that fetched one row more than the limit. */
public final class Pages {
    private Pages() {}

    public static <T> Page<T> of(List<T> rowsPlusOne, int limit, Function<T, String> position) {
        if (rowsPlusOne.size() <= limit) {
            return new Page<>(rowsPlusOne, null);
        }
        List<T> items = rowsPlusOne.subList(0, limit);
        return new Page<>(items, position.apply(items.get(limit - 1)));
    }
}
