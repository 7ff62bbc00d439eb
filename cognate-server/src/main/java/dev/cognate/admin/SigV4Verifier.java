package dev.cognate.admin;

import dev.cognate.config.AdminCredentials;

import dev.cognate.crypto.ConstantTime;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies AWS Signature Version 4 on an admin request by recomputing the signature over the
 * request as received: the client's signed headers, its timestamp and the body's SHA-256.
 * (The AWS SDK's {@code AwsV4HttpSigner} cannot do this: it always adds and signs
 * {@code x-amz-content-sha256}, which the AWS CLI does not send. The SDK and the CLI are
 * both used as clients in the tests.)
 */
public final class SigV4Verifier {
    public static final String SERVICE = "cognito-idp";
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-fA-F]+)\\s*");
    /** A region name as in pool ids (us-east-1, eu-west-1, or "local" for a laptop). */
    private static final Pattern REGION = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final AdminCredentials credentials;
    private final Clock clock;

    public SigV4Verifier(AdminCredentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /** A request as received: method, path, query, headers (lower-case names), body. */
    public record ReceivedRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : String.join(",", values);
        }
    }

    /** The verified signer: its access key id and the region of its credential scope. */
    public record Verified(String accessKeyId, String region) {}

    public Verified verify(ReceivedRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null || authorization.isBlank()) {
            throw new AwsException("MissingAuthenticationTokenException", "Missing Authentication Token", 400);
        }
        Matcher m = AUTHORIZATION.matcher(authorization.trim());
        if (!m.matches()) {
            throw new AwsException("IncompleteSignatureException",
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' for AWS4-HMAC-SHA256.");
        }
        String[] scope = m.group(1).split("/");
        if (scope.length != 5) {
            throw new AwsException("IncompleteSignatureException",
                    "Credential should be scoped to a valid region, not '" + m.group(1) + "'.");
        }
        String accessKeyId = scope[0];
        String scopeDate = scope[1];
        String region = scope[2];
        if (!REGION.matcher(region).matches()) {
            throw new AwsException("IncompleteSignatureException",
                    "Credential should be scoped to a valid region, not '" + region + "'.");
        }
        if (!SERVICE.equals(scope[3]) || !"aws4_request".equals(scope[4])) {
            throw new AwsException("InvalidSignatureException",
                    "Credential should be scoped to correct service: '" + SERVICE + "'.");
        }
        List<String> signedHeaders = List.of(m.group(2).toLowerCase(Locale.ROOT).split(";"));
        requireSigned(request, signedHeaders);
        String amzDate = request.header("x-amz-date");
        if (amzDate == null) {
            throw new AwsException("IncompleteSignatureException", "Authorization requires the X-Amz-Date header.");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate.trim()));
        } catch (DateTimeParseException e) {
            throw new AwsException("IncompleteSignatureException", "X-Amz-Date '" + amzDate + "' is not in the form yyyyMMddTHHmmssZ.");
        }
        if (!amzDate.startsWith(scopeDate)) {
            throw new AwsException("InvalidSignatureException",
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                            + scopeDate + "' != '" + amzDate.substring(0, Math.min(8, amzDate.length())) + "'");
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw new AwsException("InvalidSignatureException", "Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw new AwsException("InvalidSignatureException", "Signature not yet current: " + amzDate
                    + " is still later than " + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now)
                    + " + 15 min.)");
        }
        String secret = credentials.secretFor(accessKeyId).orElseThrow(() -> new AwsException(
                "UnrecognizedClientException", "The security token included in the request is invalid."));

        String expected = expectedSignature(request, signedHeaders, secret, m.group(1).substring(accessKeyId.length() + 1),
                amzDate.trim());
        if (!ConstantTime.equals(expected, m.group(3).toLowerCase(Locale.ROOT))) {
            throw new AwsException("InvalidSignatureException",
                    "The request signature we calculated does not match the signature you provided. "
                            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }
        return new Verified(accessKeyId, region);
    }

    /**
     * Host, X-Amz-Date and every other x-amz-* header sent must be covered by the signature
     * ("You must include the host header and any x-amz-* headers in the signature", AWS IAM
     * user guide, "Create a signed AWS API request"): otherwise a captured request could be
     * replayed with another X-Amz-Target, that is as another operation.
     */
    private static void requireSigned(ReceivedRequest request, List<String> signedHeaders) {
        if (!signedHeaders.contains("host")) {
            throw new AwsException("InvalidSignatureException", "'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
        if (request.header("x-amz-date") != null && !signedHeaders.contains("x-amz-date")) {
            throw new AwsException("InvalidSignatureException",
                    "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
        }
        List<String> unsigned = request.headers().keySet().stream()
                .filter(name -> name.startsWith("x-amz-") && !signedHeaders.contains(name))
                .sorted()
                .toList();
        if (!unsigned.isEmpty()) {
            throw new AwsException("InvalidSignatureException",
                    "There were headers present in the request which were not signed: " + String.join(", ", unsigned));
        }
    }

    private static String expectedSignature(ReceivedRequest request, List<String> signedHeaders,
                                            String secret, String scope, String amzDate) {
        StringBuilder canonical = new StringBuilder()
                .append(request.method().toUpperCase(Locale.ROOT)).append('\n')
                .append(canonicalUri(request.path())).append('\n')
                .append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : signedHeaders) {
            List<String> values = request.headers().get(name);
            if (values == null) {
                throw new AwsException("InvalidSignatureException", "Signed header '" + name + "' is missing from the request.");
            }
            canonical.append(name).append(':').append(values.stream()
                    .map(v -> v.trim().replaceAll(" +", " ")).collect(Collectors.joining(","))).append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n').append(hex(sha256(request.body())));
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        String[] parts = scope.split("/");
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), parts[0]);
        key = hmac(key, parts[1]);
        key = hmac(key, parts[2]);
        key = hmac(key, parts[3]);
        return hex(hmac(key, stringToSign));
    }

    /** Each path segment URI-encoded once more, as AWS does for every service but S3. */
    private static String canonicalUri(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder();
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(uriEncode(segments[i]));
        }
        return out.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        return Arrays.stream(rawQuery.split("&"))
                .filter(p -> !p.isEmpty())
                .map(p -> {
                    int eq = p.indexOf('=');
                    String name = eq < 0 ? p : p.substring(0, eq);
                    String value = eq < 0 ? "" : p.substring(eq + 1);
                    return new String[] {uriEncode(decode(name)), uriEncode(decode(value))};
                })
                // by name, then by value: sorting "name=value" strings would put "a-=1" before "a=1"
                .sorted(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]))
                .map(p -> p[0] + "=" + p[1])
                .collect(Collectors.joining("&"));
    }

    /** A query part percent-decoded; a broken escape ("%zz") is the client's mistake, not a 500. */
    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AwsException("MalformedQueryString", "The query string is not valid percent-encoding.");
        }
    }

    private static String uriEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
