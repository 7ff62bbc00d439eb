package dev.cognate.admin;

/**
 * Who sent an admin API request: the region of the signature's credential scope and the
 * access key id (both null for the unsigned public operations), and the source address.
 */
public record Caller(String region, String accessKeyId, String sourceAddress) {
    public static final String DEFAULT_REGION = "us-east-1";

    public String regionOrDefault() {
        return region == null ? DEFAULT_REGION : region;
    }
}
