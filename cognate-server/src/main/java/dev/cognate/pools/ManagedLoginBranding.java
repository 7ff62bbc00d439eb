package dev.cognate.pools;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A managed login branding style of one app client (AWS ManagedLoginBrandingType plus the client it
 * belongs to): its settings document and assets (images, base64) held as given. Kept and answered;
 * the hosted pages do not apply it yet.
 */
public record ManagedLoginBranding(
        String managedLoginBrandingId,
        String userPoolId,
        String clientId,
        Boolean useCognitoProvidedValues,
        JsonNode settings,
        JsonNode assets,
        Instant creationDate,
        Instant lastModifiedDate) {}
