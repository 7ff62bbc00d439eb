package dev.cognate.tokens;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cognate.http.WireJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The claims of a client_credentials access token, written as JSON in one pass: the same
 * names, types and order as Cognito's (reference/cognito.md, "Tokens"), for the token that no
 * trigger changed. {@code jti} and the times change per token; the rest per client.
 */
record ClientAccessClaims(String clientId, String scope, String issuer, Instant issuedAt, Instant expiresAt,
                          String jti) {

    byte[] json() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = WireJson.PLAIN.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("sub", clientId);
            json.writeStringField("token_use", "access");
            json.writeStringField("scope", scope);
            json.writeNumberField("auth_time", issuedAt.getEpochSecond());
            json.writeStringField("iss", issuer);
            json.writeNumberField("exp", expiresAt.getEpochSecond());
            json.writeNumberField("iat", issuedAt.getEpochSecond());
            json.writeNumberField("version", 2);
            json.writeStringField("jti", jti);
            json.writeStringField("client_id", clientId);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return out.toByteArray();
    }
}
