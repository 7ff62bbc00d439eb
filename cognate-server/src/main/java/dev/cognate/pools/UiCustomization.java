package dev.cognate.pools;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

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
    /** Where a logo is served: pool, client, the customization's version and the file. */
    public static final String IMAGE_ROUTE = "/ui-assets/{poolId}/{clientId}/{version}/{file}";

    /**
     * The version in a logo's path: the time of the customization's last change, so that a logo
     * cached under one path is never a stale one.
     */
    public String version() {
        return String.valueOf(lastModifiedDate.toEpochMilli());
    }

    /** The path (under the public URL) the logo is served at, if it is one that is served. */
    public Optional<String> imagePath() {
        return imageExtension().map(ext -> "/ui-assets/" + userPoolId + "/" + clientId + "/" + version() + "/image." + ext);
    }

    /** The logo's bytes, or none. */
    public Optional<byte[]> image() {
        return Optional.ofNullable(imageFile).map(Base64.getDecoder()::decode);
    }

    /**
     * The logo's file extension, {@code png} or {@code jpg}, read from its first bytes; none for
     * anything else, which is kept but never served (an uploaded page or script must not be
     * answered from the pool's own origin).
     */
    public Optional<String> imageExtension() {
        return image().map(UiCustomization::extensionOf);
    }

    private static String extensionOf(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "jpg";
        }
        return null;
    }
}
