package dev.cognate.store;

/**
 * A pool's session tracking (Cognito's UserPoolSessionConfiguration): whether it keeps a
 * record of its users' token sessions, and how many each user may have at once before a new
 * sign-in ends the least recently used one.
 */
public record SessionSettings(boolean tracking, int maxPerUser) {
    /** What a pool never configured answers: tracking DISABLED, MaxPerUser 20. */
    public static final SessionSettings DEFAULT = new SessionSettings(false, 20);
    public static final int MIN_PER_USER = 1;
    public static final int MAX_PER_USER = 100;
}
