package dev.lamina.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.core.AwsException;
import java.util.Map;

/**
 * How a service names what its requests ask to do ({@link Access}), and how it words a refusal, for
 * the node's check of a request signed with a role's temporary credentials (decision 38). The edge
 * asks only for such requests, after their signature was checked and before the operation runs, on
 * the request's thread (the event loop for a non-blocking route): the methods are pure and fast.
 *
 * <p>The default ({@link #named}) names a target API's request {@code <prefix>:<Operation>} and a
 * route's {@code <prefix>:*}, both on {@code *}, and refuses with a 403 {@code AccessDeniedException}
 * in IAM's usual words.
 */
public interface AccessRules {
    /** What a request to a route asks; {@code params} are the route's path parameters. */
    Access ofRoute(HttpRequest request, Map<String, String> params);

    /** What a target API's request asks; {@code input} is its document, as the operation will read it. */
    Access ofOperation(String operation, JsonNode input);

    /**
     * The error a caller acting for {@code principal} gets when it may not do {@code access}.
     *
     * @param explicitly whether a policy denies it (rather than none allowing it)
     */
    default AwsException denied(String principal, Access access, boolean explicitly) {
        return new AwsException(403, "AccessDeniedException", notAuthorized(principal, access, explicitly));
    }

    /**
     * IAM's usual sentence: "User: {@code principal} is not authorized to perform: {@code action} on
     * resource: {@code resource} because no identity-based policy allows the {@code action} action",
     * or, when a policy denies it, "… on resource: {@code resource} with an explicit deny in an
     * identity-based policy".
     */
    static String notAuthorized(String principal, Access access, boolean explicitly) {
        return "User: " + principal + " is not authorized to perform: " + access.action() + " on resource: "
                + access.resource()
                + (explicitly
                        ? " with an explicit deny in an identity-based policy"
                        : " because no identity-based policy allows the " + access.action() + " action");
    }

    /** The default rules of a service whose signing name is {@code prefix}. */
    static AccessRules named(String prefix) {
        return new AccessRules() {
            @Override
            public Access ofRoute(HttpRequest request, Map<String, String> params) {
                return Access.ofOperation(prefix, "*");
            }

            @Override
            public Access ofOperation(String operation, JsonNode input) {
                return Access.ofOperation(prefix, operation);
            }
        };
    }
}
