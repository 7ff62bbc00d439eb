package dev.cognate.admin.risk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.pools.RiskConfiguration;
import dev.cognate.pools.UserPool;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.RiskConfigurationStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * DescribeRiskConfiguration and SetRiskConfiguration, per app client or for the whole pool. Cognate
 * has no threat protection (advanced security): the settings are kept and answered, never acted on.
 * A client without its own gets the pool's; nothing set answers the bare configuration Cognito gives
 * a pool never configured; a Set without any of the three configurations removes it.
 */
public final class RiskConfigurationOperations implements OperationFamily {
    private final UserPoolOperations pools;
    private final AppClientStore clients;
    private final RiskConfigurationStore configurations;
    private final Clock clock;

    public RiskConfigurationOperations(UserPoolOperations pools, AppClientStore clients,
                                       RiskConfigurationStore configurations, Clock clock) {
        this.pools = pools;
        this.clients = clients;
        this.configurations = configurations;
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("DescribeRiskConfiguration", DescribeRiskConfigurationRequest.class, this::describe);
        registry.signed("SetRiskConfiguration", SetRiskConfigurationRequest.class, this::set);
    }

    public record DescribeRiskConfigurationRequest(String userPoolId, String clientId) {}

    public record SetRiskConfigurationRequest(String userPoolId, String clientId,
                                              JsonNode compromisedCredentialsRiskConfiguration,
                                              JsonNode accountTakeoverRiskConfiguration,
                                              JsonNode riskExceptionConfiguration) {}

    /** AWS's RiskConfigurationType; ClientId only for a client's own configuration. */
    public record RiskConfigurationType(String userPoolId, String clientId,
                                        JsonNode compromisedCredentialsRiskConfiguration,
                                        JsonNode accountTakeoverRiskConfiguration,
                                        JsonNode riskExceptionConfiguration,
                                        Instant lastModifiedDate) {

        static RiskConfigurationType of(RiskConfiguration c) {
            return new RiskConfigurationType(c.userPoolId(),
                    RiskConfiguration.ALL_CLIENTS.equals(c.clientId()) ? null : c.clientId(),
                    c.compromisedCredentialsRiskConfiguration(), c.accountTakeoverRiskConfiguration(),
                    c.riskExceptionConfiguration(), c.lastModifiedDate());
        }

        static RiskConfigurationType bare(String poolId, String clientId) {
            return new RiskConfigurationType(poolId, clientId, null, null, null, null);
        }
    }

    public record RiskConfigurationResponse(RiskConfigurationType riskConfiguration) {}

    private Object describe(DescribeRiskConfigurationRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String clientId = clientOf(pool, r.clientId());
        Optional<RiskConfiguration> found = configurations.find(pool.id(), clientId);
        if (found.isEmpty() && !clientId.equals(RiskConfiguration.ALL_CLIENTS)) {
            found = configurations.find(pool.id(), RiskConfiguration.ALL_CLIENTS);
        }
        return new RiskConfigurationResponse(found.map(RiskConfigurationType::of)
                .orElse(RiskConfigurationType.bare(pool.id(), r.clientId())));
    }

    private Object set(SetRiskConfigurationRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String clientId = clientOf(pool, r.clientId());
        JsonNode compromised = structure(r.compromisedCredentialsRiskConfiguration(), "CompromisedCredentialsRiskConfiguration");
        JsonNode takeover = structure(r.accountTakeoverRiskConfiguration(), "AccountTakeoverRiskConfiguration");
        JsonNode exceptions = structure(r.riskExceptionConfiguration(), "RiskExceptionConfiguration");
        if (compromised != null && compromised.path("Actions").path("EventAction").isMissingNode()) {
            throw AwsException.invalidParameter("CompromisedCredentialsRiskConfiguration needs Actions.EventAction (BLOCK or NO_ACTION).");
        }
        if (compromised == null && takeover == null && exceptions == null) {
            configurations.delete(pool.id(), clientId);
            return new RiskConfigurationResponse(RiskConfigurationType.bare(pool.id(), r.clientId()));
        }
        RiskConfiguration saved = new RiskConfiguration(pool.id(), clientId, compromised, takeover, exceptions, clock.instant());
        configurations.put(saved);
        return new RiskConfigurationResponse(RiskConfigurationType.of(saved));
    }

    private static JsonNode structure(JsonNode node, String member) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw AwsException.serialization("Member '" + member + "' must be a structure.");
        }
        return node;
    }

    /** The client a request names ({@code ALL} when none), which must be one of the pool's. */
    private String clientOf(UserPool pool, String clientId) {
        if (clientId == null || clientId.equals(RiskConfiguration.ALL_CLIENTS)) {
            return RiskConfiguration.ALL_CLIENTS;
        }
        if (clients.find(pool.id(), clientId).isEmpty()) {
            throw AwsException.resourceNotFound("User pool client " + clientId + " does not exist.");
        }
        return clientId;
    }
}
