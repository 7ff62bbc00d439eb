package dev.cognate.admin.users;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.PageTokens;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.pools.UserPool;
import dev.cognate.store.AuditStore;
import dev.cognate.store.AuthEvent;
import dev.cognate.store.Page;
import dev.cognate.users.User;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A user's authentication events: AdminListUserAuthEvents (newest first, pages of
 * MaxResults, 60 when it is 0 or absent) and AdminUpdateAuthEventFeedback. Cognito keeps these
 * only with threat protection on and otherwise answers UserPoolAddOnNotEnabledException;
 * Cognate records them in every pool and lists them whatever the pool's
 * AdvancedSecurityMode (docs/OPERATIONS.md). It assesses no risk: every event's EventRisk
 * says NoRisk, and its EventContextData holds the address and the User-Agent (as DeviceName).
 */
public final class AuthEventOperations implements OperationFamily {
    static final int DEFAULT_RESULTS = 60;
    static final Pattern EVENT_ID = Pattern.compile("[\\w+-]+");

    private final UserPoolOperations pools;
    private final UserOperations users;
    private final AuditStore audit;
    private final Clock clock;

    public AuthEventOperations(UserPoolOperations pools, UserOperations users, AuditStore audit, Clock clock) {
        this.pools = pools;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("AdminListUserAuthEvents", ListRequest.class, this::list);
        registry.signed("AdminUpdateAuthEventFeedback", FeedbackRequest.class, this::feedback);
    }

    public record ListRequest(String userPoolId, String username, Integer maxResults, String nextToken) {}

    public record FeedbackRequest(String userPoolId, String username, String eventId, String feedbackValue) {}

    /** AWS AdminListUserAuthEventsResponse. */
    public record ListResponse(List<AuthEventType> authEvents, String nextToken) {}

    /** AWS AuthEventType. */
    public record AuthEventType(String eventId, String eventType, Instant creationDate, String eventResponse,
                                EventRisk eventRisk, List<ChallengeResponse> challengeResponses,
                                EventContextData eventContextData, EventFeedback eventFeedback) {
        static AuthEventType of(AuthEvent e) {
            return new AuthEventType(e.id(), e.type().name(), e.occurredAt(), e.response().name(), EventRisk.NONE_ASSESSED,
                    e.challenges().stream().map(c -> new ChallengeResponse(c.name(), c.response())).toList(),
                    new EventContextData(e.sourceAddress(), e.userAgent(), null, null, null),
                    e.feedback() == null ? null
                            : new EventFeedback(e.feedback().value(), e.feedback().provider(), e.feedback().at()));
        }
    }

    /** AWS EventRiskType. */
    public record EventRisk(String riskDecision, String riskLevel, Boolean compromisedCredentialsDetected) {
        static final EventRisk NONE_ASSESSED = new EventRisk("NoRisk", null, false);
    }

    /** AWS ChallengeResponseType. */
    public record ChallengeResponse(String challengeName, String challengeResponse) {}

    /** AWS EventContextDataType. */
    public record EventContextData(String ipAddress, String deviceName, String timezone, String city, String country) {}

    /** AWS EventFeedbackType. */
    public record EventFeedback(String feedbackValue, String provider, Instant feedbackDate) {}

    private Object list(ListRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        Validate.range(r.maxResults(), "maxResults", 0, DEFAULT_RESULTS);
        String position = PageTokens.decode(r.nextToken(), "nextToken");
        User user = users.existingUser(pool, UserOperations.username(r.username()));
        int limit = r.maxResults() == null || r.maxResults() == 0 ? DEFAULT_RESULTS : r.maxResults();
        Page<AuthEvent> page;
        try {
            page = audit.authEvents(pool.id(), user.sub(), limit, position);
        } catch (IllegalArgumentException e) {
            throw AwsException.invalidParameter("Invalid pagination token.");
        }
        return new ListResponse(page.items().stream().map(AuthEventType::of).toList(), PageTokens.encode(page.next()));
    }

    private Object feedback(FeedbackRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        Validate.requiredString(r.eventId(), "eventId", 1, 50);
        Validate.pattern(r.eventId(), "eventId", EVENT_ID);
        Validate.required(r.feedbackValue(), "feedbackValue");
        Validate.oneOf(r.feedbackValue(), "feedbackValue", List.of("Valid", "Invalid"));
        User user = users.existingUser(pool, UserOperations.username(r.username()));
        if (!audit.setFeedback(pool.id(), user.sub(), r.eventId(),
                new AuthEvent.Feedback(r.feedbackValue(), "Admin", clock.instant()))) {
            throw AwsException.resourceNotFound("Auth event " + r.eventId() + " does not exist for the user.");
        }
        return Empty.INSTANCE;
    }
}
