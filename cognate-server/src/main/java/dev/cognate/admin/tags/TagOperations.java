package dev.cognate.admin.tags;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.admin.AwsException;
import dev.cognate.admin.AwsJson;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.pools.UserPool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TagResource, UntagResource and ListTagsForResource on a user pool's ARN: the same tags as the
 * pool's UserPoolTags (CreateUserPool, UpdateUserPool, DescribeUserPool). User pools are the only
 * taggable resource of cognito-idp.
 */
public final class TagOperations implements OperationFamily {
    static final int MAX_TAGS = 50;
    private static final Pattern POOL_ARN = Pattern.compile("arn:[\\w+=/,.@-]+:cognito-idp:[\\w-]+:\\d{12}:userpool/([\\w-]+_[0-9a-zA-Z]+)");
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final TypeReference<LinkedHashMap<String, String>> TAG_MAP = new TypeReference<>() {};

    private final UserPoolOperations pools;

    public TagOperations(UserPoolOperations pools) {
        this.pools = pools;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("TagResource", TagResourceRequest.class, this::tag);
        registry.signed("UntagResource", UntagResourceRequest.class, this::untag);
        registry.signed("ListTagsForResource", ListTagsForResourceRequest.class, this::list);
    }

    public record TagResourceRequest(String resourceArn, Map<String, String> tags) {}

    public record UntagResourceRequest(String resourceArn, List<String> tagKeys) {}

    public record ListTagsForResourceRequest(String resourceArn) {}

    public record ListTagsForResourceResponse(Map<String, String> tags) {}

    private Object tag(TagResourceRequest r, Caller caller) {
        Map<String, String> given = Validate.required(r.tags(), "tags");
        given.forEach((key, value) -> {
            Validate.pattern(Validate.requiredString(key, "tags.key", 1, 128), "tags.key", TAG_TEXT);
            Validate.pattern(Validate.length(Validate.required(value, "tags.value"), "tags.value", 0, 256), "tags.value", TAG_TEXT);
        });
        changeTags(r.resourceArn(), tags -> {
            tags.putAll(given);
            if (tags.size() > MAX_TAGS) {
                throw AwsException.invalidParameter("A user pool can have at most " + MAX_TAGS + " tags.");
            }
        });
        return Empty.INSTANCE;
    }

    private Object untag(UntagResourceRequest r, Caller caller) {
        List<String> keys = Validate.required(r.tagKeys(), "tagKeys");
        changeTags(r.resourceArn(), tags -> keys.forEach(tags::remove));
        return Empty.INSTANCE;
    }

    private Object list(ListTagsForResourceRequest r, Caller caller) {
        return new ListTagsForResourceResponse(tagsOf(pool(r.resourceArn())));
    }

    /** The pool an ARN names; an ARN of this shape that names no pool of ours is not found. */
    private UserPool pool(String arn) {
        Validate.requiredString(arn, "resourceArn", 20, 2048);
        Matcher m = POOL_ARN.matcher(arn);
        if (!m.matches()) {
            throw AwsException.invalidParameter("Invalid resource ARN: " + arn + " (a user pool's ARN, "
                    + "arn:aws:cognito-idp:<region>:<account>:userpool/<pool id>, is expected).");
        }
        UserPool pool = pools.existing(m.group(1));
        if (!pool.arn().equals(arn)) {
            throw AwsException.resourceNotFound("Resource " + arn + " does not exist.");
        }
        return pool;
    }

    private static Map<String, String> tagsOf(UserPool pool) {
        JsonNode tags = pool.userPoolTags();
        return tags == null || !tags.isObject() ? new LinkedHashMap<>() : AwsJson.MAPPER.convertValue(tags, TAG_MAP);
    }

    /** On the pool's tags as stored now: tags given meanwhile on any node are kept. */
    private void changeTags(String arn, Consumer<Map<String, String>> change) {
        UserPool named = pool(arn);
        pools.change(named.id(), pool -> {
            Map<String, String> tags = tagsOf(pool);
            change.accept(tags);
            return pool.withUserPoolTags(AwsJson.MAPPER.valueToTree(tags));
        });
    }
}
