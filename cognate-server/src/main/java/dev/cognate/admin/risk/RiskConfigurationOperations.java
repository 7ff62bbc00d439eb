package dev.cognate.admin.risk;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.pools.UserPool;
import dev.cognate.store.AppClientStore;

/**
 * DescribeRiskConfiguration: Cognate has no threat protection (advanced security), so every pool
 * and client answers the empty configuration Cognito gives one that was never configured.
 */
public final class RiskConfigurationOperations implements OperationFamily {
    private final UserPoolOperations pools;
    private final AppClientStore clients;

    public RiskConfigurationOperations(UserPoolOperations pools, AppClientStore clients) {
        this.pools = pools;
        this.clients = clients;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("DescribeRiskConfiguration", DescribeRiskConfigurationRequest.class, this::describe);
    }

    public record DescribeRiskConfigurationRequest(String userPoolId, String clientId) {}

    public record RiskConfigurationType(String userPoolId, String clientId) {}

    public record DescribeRiskConfigurationResponse(RiskConfigurationType riskConfiguration) {}

    private Object describe(DescribeRiskConfigurationRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        if (r.clientId() != null && clients.find(pool.id(), r.clientId()).isEmpty()) {
            throw AwsException.resourceNotFound("User pool client " + r.clientId() + " does not exist.");
        }
        return new DescribeRiskConfigurationResponse(new RiskConfigurationType(pool.id(), r.clientId()));
    }
}
