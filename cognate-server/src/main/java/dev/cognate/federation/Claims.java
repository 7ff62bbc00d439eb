package dev.cognate.federation;

import dev.cognate.http.WireJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claims an IdP made about a user (ID token, then userinfo), read-only, with the
 * conversions attribute mapping needs: every claim as Cognito stores it (a string; booleans
 * and numbers in their JSON form, arrays and objects as JSON text).
 */
public final class Claims {
    private static final ObjectMapper JSON = WireJson.PLAIN;

    private final Map<String, Object> values;

    public Claims(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** The claim as an attribute value; empty when absent or null. */
    public Optional<String> string(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            return Optional.of(s);
        }
        if (value instanceof Boolean || value instanceof Number) {
            return Optional.of(value.toString());
        }
        try {
            return Optional.of(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            return Optional.of(value.toString());
        }
    }

    /** A claim that says yes: JSON true, or the strings "true" or "1" (as Entra's {@code xms_edov}). */
    public boolean isTrue(String name) {
        Object value = values.get(name);
        return Boolean.TRUE.equals(value) || "true".equals(value) || "1".equals(value);
    }

    /** A claim holding a list of strings (a single string is a list of one); empty when absent. */
    public List<String> strings(String name) {
        Object value = values.get(name);
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().filter(v -> v instanceof String).map(v -> (String) v).toList();
        }
        return List.of();
    }

    /** Whether a claim is announced as a distributed claim ({@code _claim_names}), as Entra does past 200 groups. */
    public boolean isDistributed(String name) {
        return values.get("_claim_names") instanceof Map<?, ?> names && names.containsKey(name);
    }

    /** These claims with {@code others} added where they say something (others win). */
    public Claims with(Map<String, Object> others) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        others.forEach((name, value) -> {
            if (value != null) {
                merged.put(name, value);
            }
        });
        return new Claims(merged);
    }

    /** Claim names only: values may be personal data and never reach a log. */
    @Override
    public String toString() {
        return "Claims" + values.keySet();
    }
}
