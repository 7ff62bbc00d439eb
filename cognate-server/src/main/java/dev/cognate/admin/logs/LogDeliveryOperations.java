package dev.cognate.admin.logs;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.pools.LogConfiguration;
import dev.cognate.pools.UserPool;
import dev.cognate.store.LogDeliveryStore;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * GetLogDeliveryConfiguration and SetLogDeliveryConfiguration: where Cognito would export a pool's
 * user-notification errors and user-auth events. Recorded and answered as Cognito does; Cognate sends
 * no logs to CloudWatch, S3 or Firehose. A Set replaces the list; an empty list removes it.
 */
public final class LogDeliveryOperations implements OperationFamily {
    /** The log level each event source takes. */
    private static final Map<String, String> LEVEL_OF_SOURCE = Map.of("userNotification", "ERROR", "userAuthEvents", "INFO");

    private final UserPoolOperations pools;
    private final LogDeliveryStore destinations;

    public LogDeliveryOperations(UserPoolOperations pools, LogDeliveryStore destinations) {
        this.pools = pools;
        this.destinations = destinations;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("GetLogDeliveryConfiguration", GetLogDeliveryConfigurationRequest.class, this::get);
        registry.signed("SetLogDeliveryConfiguration", SetLogDeliveryConfigurationRequest.class, this::set);
    }

    public record GetLogDeliveryConfigurationRequest(String userPoolId) {}

    public record SetLogDeliveryConfigurationRequest(String userPoolId, List<LogConfiguration> logConfigurations) {}

    public record LogDeliveryConfigurationType(String userPoolId, List<LogConfiguration> logConfigurations) {}

    public record LogDeliveryConfigurationResponse(LogDeliveryConfigurationType logDeliveryConfiguration) {}

    private Object get(GetLogDeliveryConfigurationRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        return answer(pool, destinations.find(pool.id()));
    }

    private Object set(SetLogDeliveryConfigurationRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        List<LogConfiguration> given = Validate.size(Validate.required(r.logConfigurations(), "logConfigurations"),
                "logConfigurations", 0, 2);
        given.forEach(LogDeliveryOperations::check);
        if (given.stream().map(LogConfiguration::eventSource).distinct().count() < given.size()) {
            throw AwsException.invalidParameter("Each event source can have one log configuration only.");
        }
        destinations.put(pool.id(), given);
        return answer(pool, given);
    }

    private static void check(LogConfiguration c) {
        if (c == null) {
            throw Validate.violation("null", "logConfigurations", "Member must not be null");
        }
        Validate.oneOf(Validate.required(c.eventSource(), "logConfigurations.member.eventSource"),
                "logConfigurations.member.eventSource", LEVEL_OF_SOURCE.keySet().stream().sorted().toList());
        Validate.oneOf(Validate.required(c.logLevel(), "logConfigurations.member.logLevel"),
                "logConfigurations.member.logLevel", List.of("ERROR", "INFO"));
        if (!LEVEL_OF_SOURCE.get(c.eventSource()).equals(c.logLevel())) {
            throw AwsException.invalidParameter("Event source " + c.eventSource() + " takes log level "
                    + LEVEL_OF_SOURCE.get(c.eventSource()) + ".");
        }
        long destinationsGiven = Stream.of(c.cloudWatchLogsConfiguration(), c.s3Configuration(), c.firehoseConfiguration())
                .filter(d -> d != null).count();
        if (destinationsGiven != 1) {
            throw AwsException.invalidParameter("A log configuration needs exactly one destination: "
                    + "CloudWatchLogsConfiguration, S3Configuration or FirehoseConfiguration.");
        }
        if (c.cloudWatchLogsConfiguration() != null) {
            Validate.requiredString(c.cloudWatchLogsConfiguration().logGroupArn(),
                    "logConfigurations.member.cloudWatchLogsConfiguration.logGroupArn", 20, 2048);
        }
        if (c.s3Configuration() != null) {
            Validate.requiredString(c.s3Configuration().bucketArn(), "logConfigurations.member.s3Configuration.bucketArn", 3, 1024);
        }
        if (c.firehoseConfiguration() != null) {
            Validate.requiredString(c.firehoseConfiguration().streamArn(),
                    "logConfigurations.member.firehoseConfiguration.streamArn", 20, 2048);
        }
    }

    private static LogDeliveryConfigurationResponse answer(UserPool pool, List<LogConfiguration> configurations) {
        return new LogDeliveryConfigurationResponse(new LogDeliveryConfigurationType(pool.id(), configurations));
    }
}
