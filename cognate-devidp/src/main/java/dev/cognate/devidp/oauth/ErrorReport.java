package dev.cognate.devidp.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/** One occurrence of an {@link EntraError}: with the trace id, correlation id and timestamp Entra appends to every error. */
public record ErrorReport(EntraError error, String traceId, String correlationId, String timestamp, String errorUri) {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** The correlation id is the client's {@code client-request-id} when it sent one (as MSAL does). */
    public static ErrorReport of(EntraError error, Context ctx, Endpoints endpoints, Instant now) {
        String requested = ctx.header("client-request-id");
        String correlation = requested != null && requested.matches("[0-9a-fA-F-]{36}") ? requested.toLowerCase() : UUID.randomUUID().toString();
        return new ErrorReport(error, UUID.randomUUID().toString(), correlation, TIMESTAMP.format(now), endpoints.errorPage(error.code()));
    }

    /** "AADSTSnnnn: text\r\nTrace ID: ...\r\nCorrelation ID: ...\r\nTimestamp: ...". */
    public String description() {
        return error.aadsts() + "\r\nTrace ID: " + traceId + "\r\nCorrelation ID: " + correlationId + "\r\nTimestamp: " + timestamp;
    }

    public Json json() {
        return new Json(error.error(), description(), List.of(error.code()), timestamp, traceId, correlationId, errorUri, error.suberror());
    }

    /** The token endpoint's error body. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Json(String error, String errorDescription, List<Integer> errorCodes, String timestamp, String traceId,
                       String correlationId, String errorUri, String suberror) {}
}
