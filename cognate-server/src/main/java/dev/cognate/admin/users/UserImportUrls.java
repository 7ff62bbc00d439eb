package dev.cognate.admin.users;

import dev.cognate.crypto.ConstantTime;
import dev.cognate.crypto.KeyedHash;
import dev.cognate.users.UserImportJob;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/**
 * A job's PreSignedUrl, served by Cognate itself: {@code PUT <public URL>/user-import/<pool>/<job>}
 * with the date it was signed, its validity (Cognito's 15 minutes) and an HMAC-SHA256 under a
 * key derived from the master key over all of them, in the query as S3's presigned URLs carry
 * theirs. Nothing is stored: the URL of a job is the same each time it is shown.
 */
final class UserImportUrls {
    static final String PATH = "/user-import/";
    static final Duration VALIDITY = Duration.ofMinutes(15);
    static final String PURPOSE = "user import upload";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    enum Verdict { VALID, FORGED, EXPIRED }

    private final KeyedHash mac;
    private final Supplier<String> publicUrl;

    UserImportUrls(KeyedHash mac, Supplier<String> publicUrl) {
        this.mac = mac;
        this.publicUrl = publicUrl;
    }

    String of(UserImportJob job) {
        String date = AMZ_DATE.format(job.creationDate());
        String expires = Long.toString(VALIDITY.toSeconds());
        return publicUrl.get() + PATH + job.userPoolId() + "/" + job.jobId() + "?X-Amz-Date=" + date
                + "&X-Amz-Expires=" + expires + "&X-Amz-Signature=" + signature(job.userPoolId(), job.jobId(), date, expires);
    }

    /** Checks the signature first (in constant time), then the expiry it vouches for. */
    Verdict check(String poolId, String jobId, String date, String expires, String signature, Instant now) {
        if (date == null || expires == null || signature == null
                || !ConstantTime.equals(signature, signature(poolId, jobId, date, expires))) {
            return Verdict.FORGED;
        }
        try {
            Instant signed = Instant.from(AMZ_DATE.parse(date));
            return now.isAfter(signed.plusSeconds(Long.parseLong(expires))) ? Verdict.EXPIRED : Verdict.VALID;
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            return Verdict.FORGED;
        }
    }

    private String signature(String poolId, String jobId, String date, String expires) {
        return mac.of(poolId + "\n" + jobId + "\n" + date + "\n" + expires);
    }
}
