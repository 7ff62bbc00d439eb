package dev.cognate.admin.providers;

import dev.cognate.admin.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** NextToken values: the store's page position, opaque to clients. */
final class PageTokens {
    private PageTokens() {}

    static String encode(String position) {
        return position == null ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String token) {
        if (token == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AwsException.invalidParameter("Invalid pagination token.");
        }
    }
}
