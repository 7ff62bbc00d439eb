package dev.cognate.providers;

import java.time.Instant;

/** What a listing says of an identity provider (AWS ProviderDescription). */
public record ProviderSummary(String name, ProviderType type, Instant creationDate, Instant lastModifiedDate) {}
