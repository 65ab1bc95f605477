package dev.lamina.apigateway.http;

import dev.lamina.core.AwsException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tags of the node's HTTP APIs (TagResource, UntagResource, GetTags), addressed by the API's ARN
 * {@code arn:aws:apigateway:<region>::/apis/<api-id>} and kept in the API's document through
 * {@link Apis}. Thread-safe.
 */
public final class ApiTags {
    /** API Gateway's limit of tags on one resource. */
    static final int MAX_TAGS = 50;

    private static final Pattern API_ARN = Pattern.compile("arn:aws:apigateway:[a-z0-9-]*::/apis/([a-z0-9]+)");

    private final Apis apis;

    public ApiTags(Apis apis) {
        this.apis = apis;
    }

    /** @throws AwsException NotFoundException for an API that is not there, BadRequestException for another ARN */
    public Map<String, String> tags(String resourceArn) {
        return apis.get(apiId(resourceArn)).tags();
    }

    /**
     * Adds {@code tags} to the API's, replacing the values of keys it has.
     *
     * @throws AwsException as {@link #tags}, and BadRequestException for what {@link #checked}
     *     refuses of the API's tags after the change; nothing changes then
     */
    public void tag(String resourceArn, Map<String, String> tags) {
        apis.change(apiId(resourceArn), api -> {
            Map<String, String> all = new HashMap<>(api.tags());
            all.putAll(tags);
            return api.withTags(checked(all));
        });
    }

    /** Removes the tags {@code keys} from the API (keys it lacks are ignored). @throws AwsException as {@link #tags} */
    public void untag(String resourceArn, Collection<String> keys) {
        apis.change(apiId(resourceArn), api -> {
            Map<String, String> all = new HashMap<>(api.tags());
            all.keySet().removeAll(keys);
            return api.withTags(all);
        });
    }

    /**
     * {@code tags} if a resource may have them: at most 50, keys of 1 to 128 characters not starting with
     * {@code aws:}, values of at most 1,600.
     *
     * @throws AwsException BadRequestException otherwise
     */
    static Map<String, String> checked(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw Apis.badRequest("A resource can have at most " + MAX_TAGS + " tags.");
        }
        tags.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > 128 || key.startsWith("aws:")) {
                throw Apis.badRequest(
                        "Invalid tag key " + key + ": a key is 1 to 128 characters and does not start with aws:.");
            }
            if (value == null || value.length() > 1600) {
                throw Apis.badRequest("Invalid value for tag " + key + ": a value is at most 1600 characters.");
            }
        });
        return tags;
    }

    private static String apiId(String resourceArn) {
        Matcher matcher = API_ARN.matcher(resourceArn == null ? "" : resourceArn);
        if (!matcher.matches()) {
            throw Apis.badRequest("Invalid resource ARN " + resourceArn
                    + ": this node tags HTTP APIs, arn:aws:apigateway:<region>::/apis/<api-id>.");
        }
        return matcher.group(1);
    }
}
