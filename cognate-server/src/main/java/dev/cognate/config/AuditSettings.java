package dev.cognate.config;

import java.time.Duration;

/**
 * What a node does with its audit trail beyond the store: {@code log} is where the JSON-lines
 * stream goes ({@code stdout}, a file path, or null for none); records older than
 * {@code retention} are purged.
 */
public record AuditSettings(String log, Duration retention) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
    public static final AuditSettings DEFAULT = new AuditSettings(null, DEFAULT_RETENTION);

    public AuditSettings {
        log = log == null || log.isBlank() ? null : log.strip();
        retention = retention == null ? DEFAULT_RETENTION : retention;
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the audit retention must be positive (got " + retention + ")");
        }
    }

    /**
     * From {@code serve --audit-retention}: a number of days ({@code 90d}), hours ({@code 12h}) or
     * an ISO-8601 duration ({@code P30D}, {@code PT1H}).
     */
    public static Duration parseRetention(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_RETENTION;
        }
        String value = text.strip();
        try {
            if (value.matches("\\d+[dD]")) {
                return Duration.ofDays(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            if (value.matches("\\d+[hH]")) {
                return Duration.ofHours(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--audit-retention: expected days (90d), hours (12h) or an ISO-8601 "
                    + "duration (P30D), got " + value);
        }
    }
}
