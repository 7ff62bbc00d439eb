package dev.cognate.pools;

/**
 * One of a pool's log destinations as SetLogDeliveryConfiguration records it (AWS LogConfigurationType).
 * Cognate keeps and answers it; it sends no logs to AWS.
 */
public record LogConfiguration(
        String logLevel,
        String eventSource,
        CloudWatchLogsConfiguration cloudWatchLogsConfiguration,
        S3Configuration s3Configuration,
        FirehoseConfiguration firehoseConfiguration) {

    public record CloudWatchLogsConfiguration(String logGroupArn) {}

    public record S3Configuration(String bucketArn) {}

    public record FirehoseConfiguration(String streamArn) {}
}
