package dev.cognate.store;

import java.util.List;

/** One page of a listing; {@code next} is the opaque position of the next page, or null. */
public record Page<T>(List<T> items, String next) {
    public Page {
        items = List.copyOf(items);
    }
}
