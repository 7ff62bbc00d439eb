package dev.cognate.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cognate.admin.AwsJson;

/** Stored documents: a record as JSON, in the same shape as on the wire. */
public final class Docs {
    private Docs() {}

    public static String write(Object value) {
        try {
            return AwsJson.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(String doc, Class<T> type) {
        try {
            return AwsJson.MAPPER.readValue(doc, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }
}
