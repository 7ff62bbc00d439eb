package dev.cognate.pools;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * SetUICustomization's CSS and logo for one app client, or for every client of the pool
 * ({@link #ALL_CLIENTS}). Kept and answered; the hosted pages do not apply it yet.
 *
 * @param imageFile the logo, base64
 */
public record UiCustomization(
        String userPoolId,
        String clientId,
        @JsonProperty("CSS") String css,
        @JsonProperty("CSSVersion") String cssVersion,
        String imageFile,
        Instant creationDate,
        Instant lastModifiedDate) {

    public static final String ALL_CLIENTS = "ALL";
}
