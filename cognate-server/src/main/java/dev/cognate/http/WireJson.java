package dev.cognate.http;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration for what crosses the wire (admin API, OAuth endpoints, IdP
 * documents, claims): bounded nesting and string length, nothing after the document, unknown
 * members ignored. The protocols differ only in how members are named: the admin API's
 * mapper (PascalCase) and the OAuth endpoints' (snake_case) start from {@link #builder()};
 * untyped values (maps, trees) use {@link #PLAIN}. Stored documents have their own (the store's).
 */
public final class WireJson {
    public static final int MAX_NESTING_DEPTH = 64;
    public static final int MAX_STRING_LENGTH = 1 << 20;

    /** For maps, lists and trees: IdP discovery documents, claims, the identities attribute. */
    public static final ObjectMapper PLAIN = bounded(builder().build());

    private WireJson() {}

    /** The common configuration; finish the mapper with {@link #bounded}. */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** Applies the size limits to a built mapper (they live on its factory). */
    public static <M extends ObjectMapper> M bounded(M mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .build());
        return mapper;
    }
}
