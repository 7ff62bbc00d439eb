package dev.cognate.clients;

/** AWS RefreshTokenRotationType: whether refresh tokens rotate, and the grace period for retries. */
public record RefreshTokenRotation(String feature, Integer retryGracePeriodSeconds) {}
