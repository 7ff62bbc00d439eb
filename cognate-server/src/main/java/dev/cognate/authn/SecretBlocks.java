package dev.cognate.authn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.crypto.SecretBox;
import dev.cognate.store.jdbc.Docs;
import java.util.Base64;
import java.util.Optional;

/** SRP's SECRET_BLOCK: the server's state as JSON, sealed with the master key for one purpose, in Base64. */
final class SecretBlocks {
    private static final ObjectMapper JSON = Docs.MAPPER;
    private static final int MAX_SEALED_BYTES = 4096;

    private SecretBlocks() {}

    static String seal(SecretBox box, String context, Object state) {
        try {
            return Base64.getEncoder().encodeToString(box.sealBytes(JSON.writeValueAsBytes(state), context));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The state a block sealed for {@code context} carries; empty for anything else. */
    static <T> Optional<T> open(SecretBox box, String context, String secretBlock, Class<T> type) {
        byte[] sealed = base64(secretBlock);
        if (sealed == null || sealed.length > MAX_SEALED_BYTES) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(box.openBytes(sealed, context), type));
        } catch (RuntimeException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** Standard Base64 of at most 8 KiB of text, or null. */
    static byte[] base64(String value) {
        if (value == null || value.isEmpty() || value.length() > 8192) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
