package dev.cognate.clients;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * AWS TokenValidityUnitsType: the unit of each token validity number ({@code seconds},
 * {@code minutes}, {@code hours}, {@code days}). A missing unit means hours for access and ID
 * tokens and days for refresh tokens.
 */
public record TokenValidityUnits(String accessToken, String idToken, String refreshToken) {
    public static final TokenValidityUnits NONE = new TokenValidityUnits(null, null, null);

    public String accessTokenOrDefault() {
        return accessToken == null ? "hours" : accessToken;
    }

    public String idTokenOrDefault() {
        return idToken == null ? "hours" : idToken;
    }

    public String refreshTokenOrDefault() {
        return refreshToken == null ? "days" : refreshToken;
    }

    /** {@code amount} of {@code unit} (one of seconds, minutes, hours, days) as a duration. */
    public static Duration duration(long amount, String unit) {
        return Duration.of(amount, chronoUnit(unit));
    }

    /** How many {@code unit}s make {@code duration} (rounded down). */
    public static long amount(Duration duration, String unit) {
        return duration.toSeconds() / chronoUnit(unit).getDuration().toSeconds();
    }

    private static ChronoUnit chronoUnit(String unit) {
        return switch (unit) {
            case "seconds" -> ChronoUnit.SECONDS;
            case "minutes" -> ChronoUnit.MINUTES;
            case "hours" -> ChronoUnit.HOURS;
            case "days" -> ChronoUnit.DAYS;
            default -> throw new IllegalArgumentException("unknown time unit " + unit);
        };
    }
}
