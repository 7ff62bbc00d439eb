package dev.cognate.admin;

/**
 * Who sent an admin API request: the region of the signature's credential scope and the
 * access key id (both null for the unsigned public operations), the source address, and the
 * User-Agent header (null when none was sent; recorded with users' sign-in events).
 */
public record Caller(String region, String accessKeyId, String sourceAddress, String userAgent) {
    public static final String DEFAULT_REGION = "us-east-1";

    public Caller(String region, String accessKeyId, String sourceAddress) {
        this(region, accessKeyId, sourceAddress, null);
    }

    public String regionOrDefault() {
        return region == null ? DEFAULT_REGION : region;
    }
}
