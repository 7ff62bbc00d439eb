package dev.cognate.pools;

import java.time.Instant;
import java.util.Map;

/**
 * An app client's terms of use or privacy policy for managed login (AWS TermsType): links by
 * language ({@code cognito:default}, {@code cognito:french}...). Kept and answered; the hosted
 * pages do not show them yet.
 */
public record Terms(
        String termsId,
        String userPoolId,
        String clientId,
        String termsName,
        String termsSource,
        String enforcement,
        Map<String, String> links,
        Instant creationDate,
        Instant lastModifiedDate) {}
