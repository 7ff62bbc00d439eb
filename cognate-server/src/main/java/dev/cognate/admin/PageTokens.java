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
        return decode(token, "nextToken");
    }

    /** The position a token names (null for none); a token that is not one of ours is an InvalidParameterException. */
    public static String decode(String token, String member) {
        if (token == null) {
            return null;
        }
        Validate.length(token, member, 1, 131_072);
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AwsException.invalidParameter("Invalid pagination token.");
        }
    }
}
