package dev.cognate.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** List operations' NextToken: the store's opaque page position, base64url encoded. */
public final class PageTokens {
    private PageTokens() {}

    public static String encode(String position) {
        return position == null ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String token) {
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
