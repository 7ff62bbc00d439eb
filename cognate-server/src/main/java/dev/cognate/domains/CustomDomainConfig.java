package dev.cognate.domains;

/** AWS CustomDomainConfigType: the ACM certificate of a custom domain (kept as given). */
public record CustomDomainConfig(String certificateArn, String securityPolicy) {}
