package dev.cognate.audit;

/**
 * Where a request came from, as recorded: the source address and the User-Agent header
 * (cut to {@link #MAX_USER_AGENT} characters; a header is the client's to fill).
 */
public record Origin(String address, String userAgent) {
    public static final int MAX_USER_AGENT = 256;
    public static final Origin UNKNOWN = new Origin(null, null);

    public Origin {
        userAgent = userAgent == null || userAgent.isBlank() ? null
                : userAgent.length() <= MAX_USER_AGENT ? userAgent : userAgent.substring(0, MAX_USER_AGENT);
    }
}
