package dev.cognate.pools;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * SetRiskConfiguration's settings for one app client, or for every client of the pool
 * ({@link #ALL_CLIENTS}), held as given: Cognate has no threat protection to act on them.
 */
public record RiskConfiguration(
        String userPoolId,
        String clientId,
        JsonNode compromisedCredentialsRiskConfiguration,
        JsonNode accountTakeoverRiskConfiguration,
        JsonNode riskExceptionConfiguration,
        Instant lastModifiedDate) {

    public static final String ALL_CLIENTS = "ALL";
}
